export * from './limits';
export * from './pricing';
export * from './cost';
export * from './kpu';
export * from './chargeback';
export * from './chargebackModel';
export * from './estateChargeback';
export * from './rightsizing';
