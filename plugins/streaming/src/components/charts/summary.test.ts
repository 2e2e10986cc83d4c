import { seriesResponse } from '../../testUtils/fixtures';
import { describeSeries, summarise, toChartRows } from './summary';

describe('chart summary', () => {
  it('gives latest, min, max and average of a line', () => {
    expect(summarise(seriesResponse({ values: [10, 30, 20, 40] }))).toEqual([
      {
        label: 'Broker 1',
        latest: 40,
        min: 10,
        max: 40,
        average: 25,
        points: 4,
      },
    ]);
  });

  it('says the chart in words, naming each line when there are several', () => {
    const one = seriesResponse({ values: [10, 30, 20] });
    expect(describeSeries(one)).toBe(
      'latest 20%, min 10%, max 30%, average 20%.',
    );

    const two = seriesResponse({
      unit: 'bytes/s',
      series: [
        { label: 'Broker 1', points: [{ t: 1, v: 1_000_000 }] },
        { label: 'Broker 2', points: [] },
        {
          label: 'Broker 3',
          points: [
            { t: 1, v: 2_000_000 },
            { t: 2, v: 4_000_000 },
          ],
        },
      ],
    });
    expect(describeSeries(two)).toBe(
      'Broker 1: latest 1 MB/s, min 1 MB/s, max 1 MB/s, average 1 MB/s. ' +
        'Broker 3: latest 4 MB/s, min 2 MB/s, max 4 MB/s, average 3 MB/s.',
    );
  });

  it('says when there are no datapoints', () => {
    expect(describeSeries(seriesResponse({ values: [] }))).toBe(
      'No datapoints in this range.',
    );
  });

  it('merges lines into one row per timestamp, oldest first', () => {
    const rows = toChartRows(
      seriesResponse({
        series: [
          {
            label: 'a',
            points: [
              { t: 2, v: 5 },
              { t: 1, v: 4 },
            ],
          },
          { label: 'b', points: [{ t: 1, v: 7 }] },
        ],
      }),
    );
    expect(rows).toEqual([
      { t: 1, s0: 4, s1: 7 },
      { t: 2, s0: 5 },
    ]);
  });
});
