import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import type { HealthStatus } from '@backstage-streaming/plugin-streaming-common';
import { StreamingHealthStatus } from './StreamingHealthStatus';

describe('StreamingHealthStatus', () => {
  it.each<[HealthStatus, string]>([
    ['healthy', 'Healthy'],
    ['warning', 'Warning'],
    ['critical', 'Critical'],
    ['unknown', 'Unknown'],
  ])('shows %s as an icon and the word %s', async (status, word) => {
    await renderInTestApp(<StreamingHealthStatus status={status} />);

    const badge = screen.getByRole('img', { name: `Health: ${word}` });
    expect(badge).toHaveTextContent(word);
    expect(badge.querySelector('svg')).not.toBeNull();
  });
});
