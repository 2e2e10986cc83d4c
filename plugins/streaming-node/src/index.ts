/**
 * AWS access for the Backstage Streaming backend packages: accounts and
 * credentials, SDK v3 clients and paginated readers.
 *
 * @packageDocumentation
 */
export * from './config';
export * from './clients';
export * from './seriesBudget';
export * from './requestPacing';
export * from './inventory';
export * from './topicDescribes';
export * from './readers/errors';
export * from './readers/concurrency';
export * from './readers/msk';
export * from './readers/flink';
export * from './readers/metrics';
export * from './readers/redaction';
export * from './readers/consumerGroups';
export * from './readers/serverlessTopics';
export * from './permissions';
export * from './readers/priceList';
export * from './readers/costExplorer';
export * from './billing';
