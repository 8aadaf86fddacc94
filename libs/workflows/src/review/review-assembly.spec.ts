import { assembleReview, hoursOf, participationAcrossNetworks } from './review-assembly';
import { REVIEW_INPUT } from './review-input.spec-fixture';

describe('assembleReview', () => {
  const review = assembleReview(REVIEW_INPUT);
  const le = review.networks.find((network) => network.networkKey === 'law-enforcement')!;
  const bc = review.networks.find((network) => network.networkKey === 'border-control')!;

  it('counts activities by status and held ones by kind, listing the held by start', () => {
    expect(le.activities).toMatchObject({
      held: 2,
      heldMeetings: 1,
      heldSeminars: 1,
      heldTrainings: 0,
      planned: 0,
      cancelled: 1,
    });
    expect(le.activities.heldActivities.map((a) => [a.activityId, a.participatingStates])).toEqual([
      ['a1', 3],
      ['a2', 2],
    ]);
    expect(bc.activities).toMatchObject({ held: 0, planned: 1, cancelled: 0, heldActivities: [] });
  });

  it('lists every member state, zeros included, for participation and the roster', () => {
    expect(le.participation).toEqual([
      { memberStateCode: 'KG', heldActivitiesAttended: 1 },
      { memberStateCode: 'KZ', heldActivitiesAttended: 2 },
      { memberStateCode: 'TJ', heldActivitiesAttended: 2 },
    ]);
    expect(bc.participation.every((state) => state.heldActivitiesAttended === 0)).toBe(true);
    expect(le.roster).toEqual({
      statesWithPrimary: 2,
      statesWithAlternate: 1,
      statesComplete: 1,
      activeEntries: 3,
      confirmedEntries: 2,
      staleEntries: 1,
      states: [
        {
          memberStateCode: 'KG',
          activeEntries: 0,
          activePrimary: false,
          alternatePresent: false,
          confirmedEntries: 0,
          staleEntries: 0,
        },
        {
          memberStateCode: 'KZ',
          activeEntries: 2,
          activePrimary: true,
          alternatePresent: true,
          confirmedEntries: 2,
          staleEntries: 0,
        },
        {
          memberStateCode: 'TJ',
          activeEntries: 1,
          activePrimary: true,
          alternatePresent: false,
          confirmedEntries: 0,
          staleEntries: 1,
        },
      ],
    });
    expect(bc.roster).toMatchObject({
      statesWithPrimary: 0,
      statesWithAlternate: 1,
      statesComplete: 0,
    });
  });

  it('sums messages by category and by priority, with zeros for the rest', () => {
    expect(le.messages).toEqual({
      total: 6,
      byCategory: {
        information_exchange: 0,
        alert: 3,
        request_for_assistance: 3,
        best_practice: 0,
        notice: 0,
      },
      byPriority: { routine: 4, urgent: 2, flash: 0 },
    });
    expect(bc.messages.total).toBe(0);
  });

  it('gives request durations in hours, and nothing where nothing was answered', () => {
    expect(le.requests).toEqual({
      requests: 2,
      requestsReceived: 3,
      requestsAnswered: 2,
      requestsAnsweredOnTime: 1,
      shareAnsweredOnTime: 1 / 3,
      medianHoursToAnswer: 2,
      hoursToAnswer80Percent: 96.5,
    });
    expect(bc.requests).toEqual({
      requests: 0,
      requestsReceived: 0,
      requestsAnswered: 0,
      requestsAnsweredOnTime: 0,
      shareAnsweredOnTime: null,
      medianHoursToAnswer: null,
      hoursToAnswer80Percent: null,
    });
    expect(hoursOf(1000)).toBe(0.28);
  });

  it('adds participation up across networks per state', () => {
    expect(participationAcrossNetworks(review)).toEqual([
      { memberStateCode: 'KG', heldActivitiesAttended: 1 },
      { memberStateCode: 'KZ', heldActivitiesAttended: 2 },
      { memberStateCode: 'TJ', heldActivitiesAttended: 2 },
    ]);
  });
});
