export * from './entityName';
export * from './providerEntities';
