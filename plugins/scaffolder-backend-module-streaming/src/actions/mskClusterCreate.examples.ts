import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const mskClusterCreateExamples: TemplateExample[] = [
  {
    description:
      'A Standard cluster with the defaults: 3 kafka.m7g.large brokers in 3 AZs, 1000 GiB each with storage autoscaling at 55 %, TLS, IAM authentication, PER_BROKER monitoring',
    example: `steps:
  - id: cluster
    action: aws:msk:cluster:create
    name: Create the MSK cluster
    input:
      accountId: '111111111111'
      region: us-east-1
      name: payments
      owner: \${{ parameters.owner }}`,
  },
  {
    description: 'An Express cluster with bigger brokers in given subnets',
    example: `steps:
  - id: cluster
    action: aws:msk:cluster:create
    input:
      accountId: '111111111111'
      region: us-east-1
      name: clicks
      clusterType: express
      instanceType: express.m7g.xlarge
      brokerCount: 6
      subnetIds: [subnet-0a1, subnet-0b2, subnet-0c3]
      securityGroupIds: [sg-0123]
      owner: group:default/team-clicks`,
  },
  {
    description: 'A Serverless cluster (IAM authentication only)',
    example: `steps:
  - id: cluster
    action: aws:msk:cluster:create
    input:
      accountId: '111111111111'
      region: eu-west-1
      name: events
      clusterType: serverless
      owner: group:default/team-events`,
  },
  {
    description:
      'Overriding a guardrail: a development cluster without client TLS, with the reason logged and tagged',
    example: `steps:
  - id: cluster
    action: aws:msk:cluster:create
    input:
      accountId: '111111111111'
      region: us-east-1
      name: dev-sandbox
      clientBroker: TLS_PLAINTEXT
      owner: group:default/team-platform
      allowUnsafe: true
      unsafeReason: Local load tests with a plaintext-only client, deleted after the test`,
  },
];
