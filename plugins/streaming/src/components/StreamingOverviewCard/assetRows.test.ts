import {
  enricherApplication,
  ordersCluster,
  ordersServiceResponse,
  paymentsTopic,
} from '../../testUtils/fixtures';
import { clusterRow, toAssetRows } from './assetRows';

describe('toAssetRows', () => {
  it('orders clusters, topics, then Flink applications', () => {
    expect(toAssetRows(ordersServiceResponse).map(row => row.name)).toEqual([
      'orders-standard',
      'payments.settled',
      'orders-enricher',
    ]);
  });

  it('labels the cluster type and omits facts a serverless cluster does not have', () => {
    const row = clusterRow({
      ...ordersCluster,
      clusterType: 'serverless',
      brokerCount: null,
      instanceType: null,
      kafkaVersion: null,
    });

    expect(row.typeLabel).toBe('Serverless cluster');
    expect(row.facts).toEqual([{ label: 'State', value: 'ACTIVE' }]);
  });

  it('picks the worst finding whatever order the findings come in', () => {
    const [, , application] = toAssetRows({
      ...ordersServiceResponse,
      applications: [
        {
          ...enricherApplication,
          health: {
            status: 'critical',
            findings: [
              { ...paymentsTopic.health.findings[0], severity: 'unknown' },
              enricherApplication.health.findings[0],
            ],
          },
        },
      ],
    });

    expect(application.topFinding?.ruleId).toBe('flink.application.status');
  });
});
