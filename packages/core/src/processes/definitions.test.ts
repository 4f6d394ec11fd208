/**
 * Structural checks over all definitions, the registry, and the generated views.
 */
import { describe, expect, it } from 'vitest';
import { actorSides, formatRef, type TProcessDefinition } from './definition';
import { DOCUMENT_TYPES } from './documents';
import { accessMatrix, accessMatrixMarkdown, catalogue, toMermaid } from './docs';
import { validateDefinition } from './engine';
import { PROCESS_CODES, PROCESS_DEFINITIONS, getProcess } from './registry';

describe('definitions', () => {
  it('has the processes P1–P15 with unique codes', () => {
    expect(PROCESS_CODES).toEqual([
      'arrest',
      'prosecution_transfer',
      'public_prosecution',
      'measure_change',
      'judgment_execution',
      'evidence_legality',
      'filing_supervision',
      'custody_extension',
      'investigation_supervision',
      'early_involvement',
      'second_instance',
      'duty_lawyer',
      'community_assessment',
      'lawyer_meeting',
      'supervision_notice',
      'custody_transfer',
      'community_correction',
      'commutation_parole',
      'temporary_release',
    ]);
    expect(PROCESS_DEFINITIONS.map((d) => d.ref)).toEqual([
      'P1',
      'P2',
      'P3',
      'P4',
      'P5',
      'P6',
      'P7',
      'P8',
      'P9',
      'P10',
      'P11',
      'P12',
      'P13',
      'P14',
      'P15',
      'P16',
      'P17',
      'P18',
      'P19',
    ]);
    expect(getProcess('arrest')?.code).toBe('arrest');
    expect(getProcess('nope')).toBeUndefined();
  });

  for (const def of PROCESS_DEFINITIONS) {
    it(`${def.ref} ${def.code} passes validateDefinition`, () => {
      expect(validateDefinition(def).problems).toEqual([]);
    });
  }

  it('a document is only produced by an agency type that issues it', () => {
    const problems: string[] = [];
    for (const def of PROCESS_DEFINITIONS) {
      for (const t of def.transitions) {
        for (const d of t.documents?.produces ?? []) {
          const issuers: readonly string[] = DOCUMENT_TYPES[d].issuers;
          if (!t.actor.agencyTypes.some((a) => issuers.includes(a))) problems.push(`${def.code}:${t.action}:${d}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('every timer cites an article', () => {
    for (const def of PROCESS_DEFINITIONS)
      for (const t of Object.values(def.timers)) expect(t.articles.length).toBeGreaterThan(0);
  });

  it('validateDefinition reports broken definitions', () => {
    const broken = {
      code: 'Broken',
      ref: 'X',
      name: { zh: '坏', en: 'broken' },
      articles: [],
      initiator: { agencyTypes: ['police'] },
      receiver: { agencyTypes: ['court'] },
      states: {
        A: { zh: 'a', en: 'a' },
        B: { zh: 'b', en: 'b' },
        ORPHAN: { zh: 'o', en: 'o' },
        END: { zh: 'e', en: 'e', terminal: true },
      },
      initialState: 'A',
      transitions: [
        {
          action: 'go',
          from: ['A'],
          to: 'B',
          actor: { side: 'initiator', agencyTypes: ['court'], roles: ['handler'] },
          label: { zh: '', en: '' },
          notify: 'none',
        },
        {
          action: 'go',
          from: ['A'],
          to: 'END',
          actor: { side: 'superior', agencyTypes: ['police'], roles: ['handler'] },
          label: { zh: '', en: '' },
          notify: 'none',
          timers: { start: ['ghost'] },
        },
        {
          action: 'again',
          from: ['END'],
          to: 'A',
          actor: { side: 'initiator', agencyTypes: ['police'], roles: ['handler'] },
          label: { zh: '', en: '' },
          notify: 'none',
          documents: { produces: ['no_such_doc'] },
        },
      ],
      timers: { unused: { zh: 't', en: 't', amount: -1, unit: 'day', inCustody: false, articles: [], warnDays: 1 } },
    } as unknown as TProcessDefinition;
    const { ok, problems } = validateDefinition(broken);
    expect(ok).toBe(false);
    const text = problems.join('\n');
    for (const expected of [
      'not lower-case ascii',
      'agency type court is on none of the sides',
      'action duplicated from state A',
      'side superior but the process declares no superior',
      'unknown timer ghost',
      'leaves terminal state END',
      'unknown document no_such_doc',
      'timer unused: amount must be a positive integer',
      'timer unused: no statute article',
      'timer unused: never started',
      'state ORPHAN unreachable',
      'state B cannot reach a terminal state',
    ]) {
      expect(text).toContain(expected);
    }
  });
});

describe('generated views', () => {
  it('catalogue() is plain JSON and lists every state, transition and timer', () => {
    const c = catalogue();
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    expect(c).toHaveLength(PROCESS_DEFINITIONS.length);
    const p2 = c.find((x) => x.code === 'prosecution_transfer')!;
    const ret = p2.transitions.find((t) => t.action === 'return_for_supplementary_investigation')!;
    expect(ret).toMatchObject({
      from: ['AWAITING_APPROVAL'],
      to: 'SUPPLEMENTARY_INVESTIGATION',
      actorAgencyTypes: ['procuratorate'],
      roles: ['approver'],
      guards: [{ code: 'approver_already_endorsed' }, { code: 'approval_level_pending' }, { code: 'supplementary_investigation_limit' }],
    });
    expect(p2.timers.find((t) => t.id === 'prosecution_review')?.variants.map((v) => v.key)).toEqual([
      'fast_track',
      'fast_track_over_1y',
    ]);
  });

  it('toMermaid() draws every edge', () => {
    const def = getProcess('arrest')!;
    const m = toMermaid(def);
    expect(m.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(m).toContain('[*] --> DRAFT');
    expect(m).toContain('AWAITING_APPROVAL --> APPROVED : approve');
    expect(m).toContain('EXECUTED --> [*]');
    const edges = def.transitions.reduce((n, t) => n + t.from.length, 0);
    expect(m.split('\n').filter((l) => / --> [A-Z]/.test(l) && !l.includes('[*]')).length).toBe(edges);
  });

  it('accessMatrix() has one row per process × action × side × agency type × role', () => {
    const rows = accessMatrix();
    const expected = PROCESS_DEFINITIONS.reduce(
      (n, d) =>
        n +
        d.transitions.reduce(
          (m, t) => m + actorSides(t.actor).length * t.actor.agencyTypes.length * t.actor.roles.length,
          0,
        ),
      0,
    );
    expect(rows).toHaveLength(expected);
    expect(rows).toContainEqual(
      expect.objectContaining({
        process: 'custody_extension',
        action: 'approve',
        side: 'superior',
        agencyType: 'procuratorate',
        role: 'approver',
      }),
    );
    expect(rows.some((r) => r.role === 'lawyer' || r.role === 'admin')).toBe(false);
    expect(accessMatrixMarkdown()).toContain(
      '| arrest | approve | AWAITING_APPROVAL → APPROVED | receiver | procuratorate | approver |',
    );
  });

  it('formatRef marks the basis', () => {
    expect(formatRef({ law: 'CPL', article: '175' })).toBe('CPL 175');
    expect(formatRef({ law: 'MPS_RULES', article: '148–150', basis: 'sec.' })).toBe(
      '公安机关办理刑事案件程序规定（2020修正） 148–150 (sec.)',
    );
  });
});
