import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ScaffolderSettings } from '../config';
import type { GuardrailRule } from './guardrails';

/** Tag keys that record a guardrail override on the resource. */
export const UNSAFE_OVERRIDE_TAG = 'streaming:unsafe-override';
export const UNSAFE_REASON_TAG = 'streaming:unsafe-reason';

/** AWS tag values: up to 256 letters, digits, spaces and _ . : / = + - @. */
function tagValue(text: string): string {
  return text
    .replace(/[^\p{L}\p{N}\s_.:/=+\-@]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 256);
}

/**
 * The owner as the inventory reads it back (streaming.ownership.tagKeys): a
 * group in the default namespace by its name, anything else as a full ref.
 */
export function ownerTagValue(owner: string): string {
  let ref;
  try {
    ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `owner '${owner}' is not an entity ref; pick a group such as group:default/team-orders.`,
    );
  }
  return ref.kind.toLowerCase() === 'group' && ref.namespace === 'default'
    ? ref.name
    : `${ref.kind.toLowerCase()}:${ref.namespace}/${ref.name}`;
}

/** Owner, cost-allocation and override tags, then the template's own tags (which cannot replace them). */
export function assetTags(options: {
  owner: string;
  settings: ScaffolderSettings;
  overridden: GuardrailRule[];
  unsafeReason?: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  const owner = ownerTagValue(options.owner);
  const tags: Record<string, string> = { ...(options.extra ?? {}) };
  tags[options.settings.ownerTagKey] = owner;
  for (const key of options.settings.costAllocationTagKeys) tags[key] = owner;
  if (options.overridden.length > 0) {
    tags[UNSAFE_OVERRIDE_TAG] = options.overridden.join('+');
    tags[UNSAFE_REASON_TAG] = tagValue(options.unsafeReason ?? '');
  }
  return tags;
}
