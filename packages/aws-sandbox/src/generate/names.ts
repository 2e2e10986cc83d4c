/**
 * The vocabulary of generated estates: team domains, topic nouns and events,
 * Flink job kinds and regions, so generated names read like a real company's
 * (payments-standard-03, orders.payment.settled.v2, fraud-scorer-07).
 */

/** Team domains; team-platform comes first so every estate has a platform team. */
export const DOMAINS = [
  'platform',
  'payments',
  'orders',
  'checkout',
  'inventory',
  'shipping',
  'search',
  'catalog',
  'pricing',
  'promotions',
  'identity',
  'accounts',
  'billing',
  'invoicing',
  'fraud',
  'risk',
  'ledger',
  'notifications',
  'messaging',
  'analytics',
  'clickstream',
  'recommendations',
  'reviews',
  'loyalty',
  'returns',
  'fulfilment',
  'warehouse',
  'logistics',
  'customers',
  'support',
  'marketing',
  'ads',
  'media',
  'content',
  'profiles',
  'sessions',
  'telemetry',
  'security',
  'compliance',
  'reporting',
  'partners',
  'subscriptions',
  'tax',
  'events',
] as const;

export const TOPIC_NOUNS = [
  'order',
  'payment',
  'customer',
  'item',
  'shipment',
  'invoice',
  'session',
  'account',
  'refund',
  'price',
  'stock',
  'user',
  'click',
  'view',
  'message',
  'device',
  'cart',
  'quote',
] as const;

export const TOPIC_EVENTS = [
  'created',
  'updated',
  'deleted',
  'completed',
  'failed',
  'requested',
  'approved',
  'cancelled',
  'settled',
  'enriched',
  'snapshot',
  'changelog',
  'dlq',
  'retry',
] as const;

export const FLINK_JOBS = [
  'enricher',
  'aggregator',
  'sessionizer',
  'deduplicator',
  'router',
  'joiner',
  'windower',
  'scorer',
  'indexer',
  'archiver',
] as const;

export const REGIONS = [
  'us-east-1',
  'eu-west-1',
  'us-west-2',
  'eu-central-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ca-central-1',
  'sa-east-1',
] as const;

/** `team-<domain>`; past the vocabulary, domains repeat with a number (team-orders-2). */
export function groupNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const domain = DOMAINS[i % DOMAINS.length];
    const round = Math.floor(i / DOMAINS.length);
    return round === 0 ? `team-${domain}` : `team-${domain}-${round + 1}`;
  });
}

/** The domain of a group name: team-orders-2 → orders-2 (the prefix of its assets' names). */
export function domainOf(group: string): string {
  return group.replace(/^team-/, '');
}

/**
 * The `index`-th topic name of a domain, unique per index: every noun/event
 * pair once, then again with a version suffix (orders.payment.settled.v2).
 */
export function topicName(domain: string, index: number): string {
  const pairs = TOPIC_NOUNS.length * TOPIC_EVENTS.length;
  const pair = index % pairs;
  const round = Math.floor(index / pairs);
  const noun = TOPIC_NOUNS[pair % TOPIC_NOUNS.length];
  const event = TOPIC_EVENTS[Math.floor(pair / TOPIC_NOUNS.length)];
  const base = `${domain}.${noun}.${event}`;
  return round === 0 ? base : `${base}.v${round + 1}`;
}

/** Two-digit zero-padded, as teams number their clusters and jobs. */
export function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}
