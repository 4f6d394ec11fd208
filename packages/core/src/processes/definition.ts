/**
 * The shape of a process definition (流程定义). One file per process in `definitions/` holds
 * everything about it: states, who may fire which transition from which state, the legal
 * documents each step issues, the statutory timers it starts and stops, and the guards that
 * encode legal limits (PEERS.md: "Transitions as a table", "per-role whitelist", "One definition
 * per process"). The engine (`engine.ts`) is the only code that interprets these objects.
 *
 * Deliberately zod-free and data-first: apart from guard predicates, everything here is plain
 * JSON, so `catalogue()` can publish it unchanged and `toMermaid()` / `accessMatrix()` can
 * render it for the docs.
 */
import type { TAgencyType, TRole } from '../agencies';
import type { TDocumentType } from './documents';

// --- statute references ---------------------------------------------------------------------

/**
 * How firmly a fact is established (markers of processes.md):
 * - undefined     confirmed from statute/rule text;
 * - 'sec.'        confirmed only through a secondary source quoting the rule;
 * - 'unchecked'   standard statutory text, not re-checked (the † marker);
 * - 'unverified'  not confirmed: shown to users as such, never used to refuse an action.
 */
export type TFactBasis = 'sec.' | 'unchecked' | 'unverified';

export const LAWS = {
  CPL: { zh: '中华人民共和国刑事诉讼法（2018修正）', en: 'Criminal Procedure Law (2018)' },
  SPP_RULES: { zh: '人民检察院刑事诉讼规则（2019）', en: 'Procuratorate Rules of Criminal Procedure (2019)' },
  MPS_RULES: { zh: '公安机关办理刑事案件程序规定（2020修正）', en: 'Police Procedure Rules for Criminal Cases (2020)' },
  SPC_INTERP: {
    zh: '最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释（2021）',
    en: 'SPC Interpretation of the CPL (2021)',
  },
  SPC_INTERP_2012: {
    zh: '最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释（2012）',
    en: 'SPC Interpretation of the CPL (2012)',
  },
  PRISON_LAW: { zh: '中华人民共和国监狱法', en: 'Prison Law' },
  COMMUNITY_CORRECTION_LAW: { zh: '中华人民共和国社区矫正法', en: 'Community Correction Law' },
  TRIAL_CENTRED_OPINION_2016: {
    zh: '关于推进以审判为中心的刑事诉讼制度改革的意见（2016）',
    en: 'Opinion on trial-centred criminal procedure reform (2016)',
  },
  EXCLUSION_RULES_2017: {
    zh: '关于办理刑事案件严格排除非法证据若干问题的规定（2017）',
    en: 'Provisions on strictly excluding illegal evidence (2017)',
  },
  CUSTODY_NECESSITY_2023: {
    zh: '人民检察院、公安机关羁押必要性审查、评估工作规定（2023）',
    en: 'Provisions on custody-necessity review and assessment (2023)',
  },
  EFILE_RULES_2016: { zh: '最高人民检察院电子卷宗相关规定（2016）', en: 'SPP electronic case-file provisions (2016)' },
  PLEA_OPINION_2019: {
    zh: '关于适用认罪认罚从宽制度的指导意见（2019）',
    en: 'Guiding opinion on the guilty-plea leniency system (2019)',
  },
  LEGAL_AID_LAW: { zh: '中华人民共和国法律援助法', en: 'Legal Aid Law' },
  COMMUNITY_CORRECTION_RULES: { zh: '中华人民共和国社区矫正法实施办法（2020）', en: 'Implementing Measures of the Community Correction Law (2020)' },
  CUSTODY_TRANSFER_NOTICE_2014: {
    zh: '关于羁押犯罪嫌疑人、被告人实行换押和羁押期限变更通知制度的通知（2014）',
    en: 'Notice on custody transfer and custody-period change notices (2014)',
  },
  COMMUTATION_PROCEDURE_2014: { zh: '最高人民法院关于减刑、假释案件审理程序的规定（2014）', en: 'SPC provisions on the procedure for commutation and parole cases (2014)' },
  PRISON_COMMUTATION_RULES: { zh: '监狱提请减刑假释工作程序规定（2014修订）', en: 'Rules on prisons proposing commutation and parole (2014 rev.)' },
  TEMPORARY_RELEASE_RULES_2014: { zh: '暂予监外执行规定（2014）', en: 'Provisions on temporary execution outside prison (2014)' },
  PLC_WORK_REGULATION: { zh: '中国共产党政法工作条例（2019）', en: 'CPC Regulation on Political-Legal Work (2019)' },
} as const;
export type TLaw = keyof typeof LAWS;

/** One statute reference, e.g. `{ law: 'CPL', article: '91' }` or `{ law: 'SPP_RULES', article: '282', basis: 'sec.' }`. */
export type TStatuteRef = {
  readonly law: TLaw;
  /** Article number as printed, with paragraph if needed: '177 ¶2', '148–150'; '—' when unknown. */
  readonly article: string;
  readonly basis?: TFactBasis;
};

/** Shorthand used by the definition files: `art('CPL', '91')`. */
export function art(law: TLaw, article: string | number, basis?: TFactBasis): TStatuteRef {
  return basis === undefined ? { law, article: String(article) } : { law, article: String(article), basis };
}

export function formatRef(ref: TStatuteRef): string {
  const name = ref.law === 'CPL' ? 'CPL' : LAWS[ref.law].zh;
  const mark =
    ref.basis === 'sec.'
      ? ' (sec.)'
      : ref.basis === 'unverified'
        ? ' (unverified)'
        : ref.basis === 'unchecked'
          ? ' †'
          : '';
  // '—' = the rule is known but its article number is not (processes.md cites it without one).
  return ref.article === '—' ? `${name}${mark}` : `${name} ${ref.article}${mark}`;
}

// --- parties ----------------------------------------------------------------------------------

/**
 * Which party of an instance acts. The server decides the actor's side from the instance's
 * participants (the agency that started it, the one it was sent to, the one above the receiver).
 */
export type TProcessSide = 'initiator' | 'receiver' | 'superior';
/** Level of an agency relative to the receiver. */
export type TAgencyTier = 'same' | 'superior' | 'provincial';

export type TProcessParty = {
  readonly agencyTypes: readonly TAgencyType[];
  /** Relative to the initiator for `receiver`; relative to the receiver for `superior`. */
  readonly level?: TAgencyTier;
  /**
   * When the level depends on instance data (P8: tier 1 → 上一级检, tiers 2/3 → 省级检):
   * the value of `data[field]` (stringified) picks the level.
   */
  readonly levelByData?: {
    readonly field: string;
    readonly map: Readonly<Record<string, Exclude<TAgencyTier, 'same'>>>;
  };
};

// --- states -----------------------------------------------------------------------------------

/** Envelope phase of a state (processes.md §1), for UI grouping across processes. */
export type TStateKind =
  'draft' | 'sent' | 'returned' | 'accepted' | 'review' | 'decided' | 'executed' | 'waiting' | 'closed';

export type TStateSpec = {
  readonly zh: string;
  readonly en: string;
  /** A terminal state accepts no action; reaching it stops every timer of the instance. */
  readonly terminal?: boolean;
  readonly kind?: TStateKind;
};

// --- timers -----------------------------------------------------------------------------------

export type TTimeUnit = 'hour' | 'day' | 'month';
export type TDuration = { readonly amount: number; readonly unit: TTimeUnit };

export type TTimerVariant = {
  readonly zh: string;
  readonly en: string;
  readonly amount: number;
  readonly unit: TTimeUnit;
  /** A second part added after the first (1 month + 15 days is not 45 days). */
  readonly plus?: TDuration;
  readonly articles?: readonly TStatuteRef[];
  readonly basis?: TFactBasis;
  /** The matching row id in deadlines/STATUTORY_TIMERS, as a plain hint (no import). */
  readonly deadlineId?: string;
};

/**
 * A statutory period, declared as data. The engine never computes a due date: it tells the
 * caller which timers to start, stop or restart (with the resolved length), and the deadline
 * calculator turns that into a date with the holiday calendar.
 */
export type TTimerSpec = {
  readonly zh: string;
  readonly en: string;
  readonly amount: number;
  readonly unit: TTimeUnit;
  readonly plus?: TDuration;
  /**
   * CPL 105 ¶2: a period of a person held (在押期间) is never extended for holidays. 'person': the
   * flag follows whether a person of the case is held (拘留/逮捕) at each moment, as the server's
   * timers.ts reads it from the measures; true/false only for periods that by law are always /
   * never a custody period.
   */
  readonly inCustody: boolean | 'person';
  readonly articles: readonly TStatuteRef[];
  /** The legal event the period runs from (docs/legal.md), e.g. '收到案卷材料', '判决生效'. */
  readonly startsOn?: string;
  /** How firm the length itself is; 'unverified' lengths are shown, not enforced. */
  readonly basis?: TFactBasis;
  /** Alternative lengths, picked by `variantBy`. */
  readonly variants?: Readonly<Record<string, TTimerVariant>>;
  /** Input or data field whose value names the variant; unknown values use the base length. */
  readonly variantBy?: string;
  /**
   * The period runs only when input or data field `field` holds one of `values` (社区矫正法 20: the
   * 5-day notice only for a sentence executed in the community); otherwise the step starts nothing.
   */
  readonly onlyWhen?: { readonly field: string; readonly values: readonly string[] };
  /** Input field (integer) that carries the length when the law leaves it to the document (规则 553). */
  readonly amountFrom?: string;
  /**
   * Input (date) field naming the fact date the period runs from (CPL 230: the day the judgment
   * was served), instead of the day the step is recorded. A typed date never moves the length.
   * A date-time field ('YYYY-MM-DDTHH:mm', Beijing time) also gives hour periods their start hour.
   */
  readonly startFrom?: string;
  /**
   * On `extend`: the input field with the approved extra length and its unit (CPL 91 ¶1–2): an
   * integer field, or an enum field whose value `amounts` maps to a length (CPL 172 +15 days, CPL 208).
   */
  readonly extendBy?: { readonly field: string; readonly unit: TTimeUnit; readonly amounts?: Readonly<Record<string, number>> };
  /** Warn this many days before the due date. */
  readonly warnDays: number;
  readonly deadlineId?: string;
};

// --- transitions --------------------------------------------------------------------------------

export type TInputFieldType = 'text' | 'enum' | 'date' | 'integer' | 'boolean';

export type TInputField = {
  readonly name: string;
  readonly type: TInputFieldType;
  readonly required: boolean;
  readonly zh: string;
  readonly en: string;
  /** enum values (ascii codes) with labels. */
  readonly values?: Readonly<Record<string, { readonly zh: string; readonly en: string }>>;
  readonly min?: number;
  readonly max?: number;
  /** text: maximum length (default 5000). */
  readonly maxLength?: number;
  /** Copy the value into `instance.data[name]` (for later guards, timer variants, superior level). */
  readonly persist?: boolean;
};

export type TGuardContext = {
  readonly instance: TProcessInstance;
  /** Validated input (only declared fields). */
  readonly input: Readonly<Record<string, unknown>>;
  readonly now: Date;
  /** The role the actor acts under (CPL 81: only an approver may record the reason). */
  readonly role?: TRole;
  /** The side the actor acts on (CPL 180: the superior reviews a victim's petition). */
  readonly side?: TProcessSide;
  /** The actor's agency type (CPL 264 ¶2: only the executor the court named receives for execution). */
  readonly agencyType?: TAgencyType;
  /**
   * Facts the platform computed and the user cannot type (see `TPlatformFacts`), e.g. the last
   * day of the appeal window from its stored timer. Absent facts make a guard that needs them fail.
   */
  readonly facts?: TPlatformFacts;
};

/** Platform-computed facts handed to guards by the caller of `applyAction`. */
export type TPlatformFacts = {
  /** Due date (YYYY-MM-DD) of the latest timer of each id on the instance, running or stopped. */
  readonly timerDue?: Readonly<Record<string, string>>;
  /**
   * The highest statutory maximum penalty among the case's charges (CPL 81: arrest needs a
   * possible sentence of 有期徒刑 or more); undefined when no charge is recorded.
   */
  readonly maxPenalty?: string;
  /**
   * The processes the platform opened from this instance (`startsProcess`), counted by code and
   * the state each reached (P3: how many 二审 remanded the case, CPL 239).
   */
  readonly followUps?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Approvals a review decision needs in the deciding agency (承办人 → 部门负责人 → 检察长); default 1. */
  readonly approvalLevels?: number;
  /** Approvers who endorsed the current 审查意见 (since the handler last submitted it). */
  readonly approvalsSinceOpinion?: number;
  /** The acting user already endorsed the current 审查意见: each level is another person. */
  readonly actorEndorsed?: boolean;
  /** The civil date (Asia/Shanghai) the offence occurred: no fact date of the case lies before it. */
  readonly caseOccurredOn?: string;
  /** A P6 check of the case found illegal evidence gathering not yet excluded (CPL 56, 57): P1/P2 sends wait. */
  readonly illegalEvidencePending?: boolean;
  /** A person of the case is held now (拘留 or 逮捕 open): custody flag of 'person' timers, CPL 91 ¶3 guard. */
  readonly personHeld?: boolean;
  /**
   * Each person's running custody period, by case person id (P8): its kind ('investigative',
   * 'recalculated', …), the platform-computed last day, and the extension tiers already applied
   * (1: CPL 156, 2: CPL 158, 3: CPL 159).
   */
  readonly custody?: Readonly<Record<string, { readonly kind: string; readonly due: string; readonly extensions: readonly number[] }>>;
  /** The receiving agency's level (速裁 and 简易 only at a 基层法院, CPL 214, 222): 'district' is 基层. */
  readonly receiverLevel?: 'province' | 'city' | 'district';
  /**
   * 认罪认罚 as recorded at 审查起诉 (the case's P2): 'agreed' when a 具结书 was signed or a CPL 174 ¶2
   * exception recorded and not withdrawn; the longest term (months) of the 量刑建议 filed with the 起诉书.
   */
  readonly plea?: { readonly status: 'none' | 'agreed' | 'withdrawn'; readonly recommendedTermMonths?: number; readonly recommended?: boolean };
  /** Duty lawyers the legal-aid office assigned on this case (P12), by licence number. */
  readonly dutyLawyers?: readonly { readonly name: string; readonly licenseNo: string }[];
  /** Ids of the case's 认罪认罚具结书 signed and fingerprinted by the suspect (sealed records, CPL 174). */
  readonly sealedPleaRecords?: readonly { readonly id: string; readonly counselLicenseNo: string }[];
};
export type TGuardVerdict =
  { readonly ok: true } | { readonly ok: false; readonly details?: Readonly<Record<string, unknown>> };

/** A legal precondition beyond state and actor, e.g. 退回补充侦查 at most twice (CPL 175). */
export type TGuard = {
  /** ascii, stable: reported in error details and the catalogue. */
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly articles: readonly TStatuteRef[];
  /**
   * true when the check reads the input or the clock: `listAvailableActions` cannot evaluate it
   * in advance and leaves it to `applyAction`.
   */
  readonly needsInput?: boolean;
  readonly check: (ctx: TGuardContext) => TGuardVerdict;
};

export type TNotify = 'initiator' | 'receiver' | 'superior' | 'both' | 'all' | 'none';

export type TTransitionActor = {
  readonly side: TProcessSide | readonly TProcessSide[];
  readonly agencyTypes: readonly TAgencyType[];
  readonly roles: readonly TRole[];
};

export type TTransitionSpec<S extends string = string, T extends string = string> = {
  /** ascii verb, unique among the transitions leaving any one state. */
  readonly action: string;
  readonly from: readonly S[];
  readonly to: S;
  readonly actor: TTransitionActor;
  readonly label: { readonly zh: string; readonly en: string };
  readonly articles?: readonly TStatuteRef[];
  readonly basis?: TFactBasis;
  readonly documents?: {
    /** Earlier documents that must accompany the action (e.g. 监狱法 16: the four documents). */
    readonly required?: readonly TDocumentType[];
    /** Documents this step issues; they must be attached to the command. */
    readonly produces?: readonly TDocumentType[];
    /** Documents this step may issue (e.g. 补充侦查提纲 with 不批准逮捕). */
    readonly optional?: readonly TDocumentType[];
  };
  /** 文书回流: the documents produced flow back to the initiator. */
  readonly flowsBack?: boolean;
  readonly notify: TNotify;
  readonly timers?: {
    readonly start?: readonly T[];
    readonly stop?: readonly T[];
    readonly restart?: readonly T[];
    /** Lengthen the running period by the approved length (`extendBy`), from its start (CPL 91, 208). */
    readonly extend?: readonly T[];
    /** Recompute the running period with the length now chosen (variant), from the same start (CPL 172 速裁). */
    readonly retrack?: readonly T[];
    /**
     * Stop counting the running period without ending it (time not counted: CPL 149 精神病鉴定,
     * CPL 235 二审检察院阅卷); the step's articles say why.
     */
    readonly pause?: readonly T[];
    /** Count the paused period on: its last day moves by the days it was paused. */
    readonly resume?: readonly T[];
  };
  readonly guards?: readonly TGuard[];
  readonly input?: readonly TInputField[];
  /** Counter increments applied when the transition fires. */
  readonly counters?: Readonly<Record<string, number>>;
  /** Persisted fields the step removes from `data` (a withdrawn plea ends the 速裁 track, CPL 172). */
  readonly clears?: readonly string[];
  /**
   * The flow moves on to another agency, named by the actor in `inputField` (an agency id):
   * e.g. 看守所 delivers the convict to a 监狱 (监狱法 15), which becomes the receiver.
   */
  readonly handOver?: {
    readonly side: 'receiver'; readonly agencyTypes: readonly TAgencyType[]; readonly inputField: string;
    /**
     * The agency types the named agency may have, by the value of another input of the step (P5: a
     * sentence executed in a 监狱 goes first to the 看守所 or 公安 that deliver the convict, 监狱法 15),
     * with the rule in Chinese for the refusal.
     */
    readonly byInput?: { readonly field: string; readonly agencyTypes: Readonly<Record<string, readonly TAgencyType[]>>; readonly zh: string };
  };
  /**
   * Reaching `to` opens the next process in the initiator's draft, on the same case, with the
   * acting agency as its initiator (P3 生效 → P5 交付执行, CPL 264).
   */
  readonly startsProcess?: string;
  /** …except when `data[field]` is one of `values` (无罪 / 免予刑事处罚: nothing to execute, CPL 260). */
  readonly startsProcessUnless?: { readonly field: string; readonly values: readonly string[] };
  /**
   * A fact that arrives late undoes an end: the step may leave a terminal `from` state (CPL 105
   * ¶3: an appeal posted in time is recorded after 生效 was set). Never a 待办; the server voids
   * what reaching that state opened (`startsProcess` of the steps into it), ledger-traced.
   */
  readonly reopensTerminal?: true;
  /**
   * Who opens `startsProcess` as its initiator: the acting agency (default) or the agency on this
   * side (P3 抗诉 by 检: the first-instance court sends the file on, CPL 232).
   */
  readonly startsProcessBy?: TProcessSide;
  /**
   * Instances of this process opened from this one are voided when the step fires: what they
   * carry out rested on a state the step undoes (交付执行 of a judgment that never took effect).
   */
  readonly voidsProcess?: string;
  /**
   * The platform fires this step on its own the day after the last day of this timer (the
   * finality sweep): 生效 when the appeal window passed without 上诉/抗诉 (CPL 230).
   */
  readonly firesWhenOver?: T;
  /**
   * A warning to show on the card before the step (e.g. CPL 81), and an input field that becomes
   * required while it applies: `when` reads the same facts as guards.
   */
  readonly warnings?: readonly TActionWarning[];
};

export type TActionWarning = {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly articles: readonly TStatuteRef[];
  readonly when: (ctx: Pick<TGuardContext, 'instance' | 'facts'>) => boolean;
};

// --- the definition ---------------------------------------------------------------------------

export type TProcessDefinition<S extends string = string, T extends string = string, C extends string = string> = {
  /** Stable ascii code, used in URLs and stored rows. Never rename. */
  readonly code: C;
  readonly name: { readonly zh: string; readonly en: string };
  /** P1…P10 in processes.md. */
  readonly ref: string;
  readonly articles: readonly TStatuteRef[];
  readonly initiator: TProcessParty;
  readonly receiver: TProcessParty;
  readonly superior?: TProcessParty;
  readonly states: Readonly<Record<S, TStateSpec>>;
  readonly initialState: NoInfer<S>;
  /** Timers started when the instance is created (P5: 10 days from the judgment taking effect). */
  readonly initialTimers?: readonly NoInfer<T>[];
  readonly transitions: readonly TTransitionSpec<NoInfer<S>, NoInfer<T>>[];
  readonly timers: Readonly<Record<T, TTimerSpec>>;
  /** Things the definition does not decide, for the docs. */
  readonly notes?: readonly string[];
  /** Fields of the instance that opened this one (`startsProcess`) copied into its data (P5, P11: the verdict). */
  readonly inherits?: readonly string[];
  /**
   * The process may only start on a case where another process has reached one of `states`
   * (P5: only once the judgment took effect, CPL 259/264); otherwise `code` with `zh`.
   */
  readonly startsAfter?: {
    readonly process: string;
    readonly states: readonly string[];
    readonly code: 'JUDGMENT_NOT_EFFECTIVE';
    readonly zh: string;
    readonly en: string;
    readonly articles: readonly TStatuteRef[];
  };
};

/**
 * Identity helper that infers state codes from `states` and timer ids from `timers`, so a
 * typo in `from`, `to`, `initialState` or a timer list is a compile error.
 */
export function defineProcess<const S extends string, const T extends string = never, const C extends string = string>(
  def: TProcessDefinition<S, T, C>,
): TProcessDefinition<S, T, C> {
  return def;
}

// --- instances (what the server persists) ---------------------------------------------------

export type TProcessInstance = {
  readonly code: string;
  readonly state: string;
  readonly counters: Readonly<Record<string, number>>;
  /** Optimistic-lock version; the engine returns version + 1. */
  readonly version: number;
  /** Persisted input fields (`persist: true`). */
  readonly data: Readonly<Record<string, unknown>>;
};

/** Normalise the single-or-array `side`. */
export function actorSides(actor: TTransitionActor): readonly TProcessSide[] {
  return typeof actor.side === 'string' ? [actor.side] : actor.side;
}
