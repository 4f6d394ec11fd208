/**
 * 证据指引 model and the completeness check run before a police send (提请批准逮捕 /
 * 移送审查起诉). The guides themselves are data (guides-data.ts), versioned, so a changed
 * local guideline is a new version, not a code change.
 */
import { z } from 'zod';
import type { TChargeCode } from '../charges';
import type { TEvidenceType } from './evidence-types';

/** The sends a checklist gates (processes.md P1 step 2, P2 step 1). */
export const SEND_STAGES = {
  arrest_request: { zh: '提请批准逮捕', en: 'Request for arrest approval', article: 'CPL 87' },
  prosecution_transfer: { zh: '移送审查起诉', en: 'Transfer for prosecution', article: 'CPL 162' },
} as const;
export type TSendStage = keyof typeof SEND_STAGES;
export const ZSendStage = z.enum(Object.keys(SEND_STAGES) as [TSendStage, ...TSendStage[]], {
  error: '移送环节应为 arrest_request（提请批准逮捕）或 prosecution_transfer（移送审查起诉）',
});

/**
 * A numeric check on a value read from the material (e.g. BAC from the 鉴定意见). `scale`
 * names ordinal values, so categorical findings (损伤程度) are checked the same way.
 */
export type TNumericRule = {
  readonly field: string;
  readonly zh: string;
  readonly op: 'gte' | 'gt' | 'lte' | 'lt';
  readonly value: number;
  readonly unit?: string;
  readonly scale?: Readonly<Record<number, string>>;
  /** Legal source of the threshold. */
  readonly basis: string;
};

export type TEvidenceItem = {
  /** Stable: tagged material and stored check results refer to it. Never reuse or rename. */
  readonly id: string;
  readonly zh: string;
  /**
   * CPL 50 type. Procedural documents cited as evidence (受案登记表, 到案经过, 户籍证明…) are
   * listed as 书证 (2), as 起诉书 evidence lists do.
   */
  readonly evidenceType: TEvidenceType;
  /** Required at the listed stages. Conditional items are mandatory: false with a `condition`. */
  readonly mandatory: boolean;
  /** Sends at which the item is expected; empty = recorded but never gates a police send. */
  readonly stages: readonly TSendStage[];
  readonly condition?: string;
  readonly rules?: readonly TNumericRule[];
  /** Items that satisfy this one instead when it cannot be obtained (see `condition`). */
  readonly alternatives?: readonly string[];
  /**
   * Document types (processes/documents.ts codes) that satisfy the item once the platform has
   * issued one in the case: the generated 拘留证 is a 强制措施法律文书 without anyone tagging it.
   */
  readonly satisfiedBy?: readonly string[];
};

export type TEvidenceGuide = {
  /** 'common', 'dangerous_driving.drunk', 'theft' … */
  readonly id: string;
  /** Null for the baseline shared by every case. */
  readonly chargeCode: TChargeCode | null;
  readonly version: number;
  readonly title: string;
  /** Rules the list was compiled from, with the doc's confidence markers. */
  readonly basis: readonly string[];
  readonly items: readonly TEvidenceItem[];
};

export type TTaggedItem = {
  itemId: string;
  /** Values read from the material for rule checks, e.g. { bac_mg_per_100ml: 95 }. */
  values?: Readonly<Record<string, number>>;
};

export type TFailedRule = {
  itemId: string;
  rule: TNumericRule;
  /** Undefined when the value was not entered: an unchecked rule is not a passed rule. */
  actual: number | undefined;
  reason: 'missing_value' | 'out_of_range';
};

export type TEvidenceCheck = {
  complete: boolean;
  /** Mandatory items for the stage with neither the item nor an alternative tagged. */
  missing: TEvidenceItem[];
  failedRules: TFailedRule[];
  /** Tagged ids the guide does not know: likely a stale tag after a guide change. */
  unknownItemIds: string[];
};

const OPS: Record<TNumericRule['op'], (a: number, b: number) => boolean> = {
  gte: (a, b) => a >= b,
  gt: (a, b) => a > b,
  lte: (a, b) => a <= b,
  lt: (a, b) => a < b,
};

export function evaluateRule(rule: TNumericRule, actual: number | undefined): boolean {
  return actual !== undefined && Number.isFinite(actual) && OPS[rule.op](actual, rule.value);
}

/**
 * The checklist items that documents issued in the case satisfy by their type (`satisfiedBy`),
 * as tags, so the check counts them like tagged material.
 */
export function issuedDocumentTags(guide: TEvidenceGuide, issued: readonly { docType: string; documentId: string | null }[]): (TTaggedItem & { documentId: string | null })[] {
  return guide.items.flatMap((item) =>
    issued.filter((d) => item.satisfiedBy?.includes(d.docType)).map((d) => ({ itemId: item.id, documentId: d.documentId })),
  );
}

/**
 * Which mandatory items are missing and which rules fail, for one send. Every tagged instance
 * of an item is checked: two blood reports that disagree must not pass on the better one.
 */
export function checkEvidence(guide: TEvidenceGuide, taggedItems: readonly TTaggedItem[], stage: TSendStage): TEvidenceCheck {
  const byId = new Map(guide.items.map((i) => [i.id, i]));
  const present = new Set(taggedItems.map((t) => t.itemId));
  const applicable = guide.items.filter((i) => i.stages.includes(stage));

  const missing = applicable.filter(
    (i) => i.mandatory && !present.has(i.id) && !(i.alternatives ?? []).some((alt) => present.has(alt)),
  );

  const failedRules: TFailedRule[] = [];
  for (const tagged of taggedItems) {
    const item = byId.get(tagged.itemId);
    if (!item || !item.stages.includes(stage)) continue;
    for (const rule of item.rules ?? []) {
      const actual = tagged.values?.[rule.field];
      if (evaluateRule(rule, actual)) continue;
      failedRules.push({
        itemId: item.id,
        rule,
        actual,
        reason: actual === undefined || !Number.isFinite(actual) ? 'missing_value' : 'out_of_range',
      });
    }
  }

  const unknownItemIds = [...new Set(taggedItems.map((t) => t.itemId).filter((id) => !byId.has(id)))];
  return { complete: missing.length === 0 && failedRules.length === 0, missing, failedRules, unknownItemIds };
}

/** One checklist from several guides (baseline + each charge of the case); first wins on an id clash. */
export function composeGuides(id: string, guides: readonly TEvidenceGuide[]): TEvidenceGuide {
  const seen = new Set<string>();
  const items: TEvidenceItem[] = [];
  for (const g of guides) {
    for (const item of g.items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      items.push(item);
    }
  }
  return {
    id,
    chargeCode: null,
    version: 0,
    title: guides.map((g) => g.title).join(' + '),
    basis: [...new Set(guides.flatMap((g) => g.basis))],
    items,
  };
}

export const ZTaggedItem = z.object({
  // bounded (found in review: a 900 KB id was echoed back in the refusal, 400 KB of value keys stored)
  itemId: z.string({ error: '证据条目ID应为文本' }).min(1, '证据条目ID不能为空').max(100, '证据条目ID过长（不超过100个字符）'),
  values: z.record(z.string().max(64, '证据数值的名称过长（不超过64个字符）'), z.number({ error: '证据数值应为数字' }))
    .refine((v) => Object.keys(v).length <= 20, '证据数值不超过20项').optional(),
});
