export * from './entityName';
export * from './providerEntities';
export * from './catalogFeed';
