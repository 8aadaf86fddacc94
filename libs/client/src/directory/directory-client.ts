import {
  FocalPointDocument,
  SearchFocalPointsDocument,
  type FocalPointFilter,
  type SearchFocalPointsQuery,
} from '../generated/graphql';
import type { Session } from '../transport/session';

export type FocalPointSearchResult = SearchFocalPointsQuery['focalPoints'];

/** Reading the roster as the signed-in account sees it. */
export class DirectoryClient {
  constructor(private readonly session: Session) {}

  async search(
    filter: FocalPointFilter = {},
    page: { first?: number; after?: string | null } = {},
  ): Promise<FocalPointSearchResult> {
    const { focalPoints } = await this.session.request(SearchFocalPointsDocument, {
      filter,
      first: page.first ?? 20,
      after: page.after ?? null,
    });
    return focalPoints;
  }

  async show(id: string) {
    return (await this.session.request(FocalPointDocument, { id })).focalPoint;
  }

  /** The CSV export (`GET /directory/export.csv`), as text. */
  async exportCsv(filter: { networkKey?: string; memberStateCode?: string } = {}): Promise<string> {
    const query = new URLSearchParams();
    if (filter.networkKey) query.set('networkKey', filter.networkKey);
    if (filter.memberStateCode) query.set('memberStateCode', filter.memberStateCode);
    const suffix = query.size ? `?${query.toString()}` : '';
    const response = await this.session.download(`/directory/export.csv${suffix}`);
    return response.text();
  }
}
