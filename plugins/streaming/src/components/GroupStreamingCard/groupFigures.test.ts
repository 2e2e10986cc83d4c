import {
  chargebackResponse,
  summaryResponse,
} from '../../testUtils/estateFixtures';
import { groupFigures } from './groupFigures';

const TEAM_ORDERS = 'group:default/team-orders';

describe('groupFigures', () => {
  it("takes the team's cost from its chargeback row and its counts from the owner's summary", () => {
    const figures = groupFigures(
      TEAM_ORDERS,
      summaryResponse(),
      chargebackResponse(),
    );
    // The chargeback row (512.48), not the summary's byOwner figure (612.48).
    expect(figures.monthlyUsd).toBe(512.48);
    expect(figures.complete).toBe(true);
    expect(figures.basis).toEqual([
      'shared-standard: 30% by partitions, 70% by bytes in and out',
    ]);
    expect(figures.counts).toEqual({
      clusters: 3,
      topics: 6,
      consumerGroups: 2,
      applications: 1,
    });
    expect(figures.health).toEqual({
      healthy: 9,
      warning: 2,
      critical: 1,
      unknown: 0,
    });
  });

  it('matches the row whatever the case of the ref, and charges a team without a row nothing', () => {
    expect(
      groupFigures(
        'group:default/Team-Orders',
        summaryResponse(),
        chargebackResponse(),
      ).monthlyUsd,
    ).toBe(512.48);
    const none = groupFigures(
      'group:default/team-nobody',
      summaryResponse(),
      chargebackResponse(),
    );
    expect(none.monthlyUsd).toBe(0);
    expect(none.complete).toBe(true);
  });

  it('is a lower bound when the row is incomplete or some cost is withheld', () => {
    const incomplete = chargebackResponse();
    incomplete.rows[1] = { ...incomplete.rows[1], complete: false };
    expect(
      groupFigures(TEAM_ORDERS, summaryResponse(), incomplete).complete,
    ).toBe(false);
    expect(
      groupFigures(
        TEAM_ORDERS,
        summaryResponse(),
        chargebackResponse({ cost: { shown: 'some', reason: 'partial' } }),
      ).complete,
    ).toBe(false);
  });

  it('has no cost when none may be seen', () => {
    const figures = groupFigures(
      TEAM_ORDERS,
      summaryResponse(),
      chargebackResponse({
        rows: [],
        cost: { shown: 'none', reason: 'denied' },
      }),
    );
    expect(figures.monthlyUsd).toBeUndefined();
    expect(figures.counts.clusters).toBe(3);
  });
});
