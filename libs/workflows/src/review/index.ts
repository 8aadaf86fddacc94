export type {
  ActivitiesReview,
  MessagesReview,
  NetworkReview,
  RequestsReview,
  RosterReview,
  YearlyReview,
} from './yearly-review.types';
export { reviewWindow, type ReviewWindow } from './review-year';
export { reviewCsv } from './review-csv';
export { renderReviewPdf } from './review-pdf';
export { ReviewQueries } from './review-queries.service';
export { YearlyReviews, type ReviewFile, type ReviewFormat } from './yearly-reviews.service';
export { YearlyReviewModel } from './yearly-review.models';
export { YearlyReviewResolver } from './yearly-review.resolver';
export { YearlyReviewController } from './yearly-review.controller';
