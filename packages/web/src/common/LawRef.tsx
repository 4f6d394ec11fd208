/**
 * A statute reference as the reader's language writes it: 《刑事诉讼法》第八十七条 in Chinese, "CPL 87"
 * in English. The fact-basis mark (the definitions' †, sec., unverified) is a legible word with its
 * meaning on hover (〔未复核〕, 〔据转引〕, 〔待核实〕), never a bare dagger. Where the platform has the
 * article's text (core's statute-texts.ts), hovering the reference shows it.
 */
import { BASIS_MARKS, localizeLawText, localizeRef, parseRef, statuteText, STATUTE_TEXTS_BASIS } from '@xietong/core/processes';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

function langOf(l: string): 'zh' | 'en' {
  return l === 'en-US' ? 'en' : 'zh';
}

export function LawRef({ text, plain }: { text: string; plain?: boolean }) {
  const { i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const r = localizeRef(text, lang);
  const ref = parseRef(text);
  // the article's text on hover, where the platform has it (statute-texts.ts), with how firm that text is
  const article = ref ? statuteText(ref) : undefined;
  const basis = BASIS_MARKS[STATUTE_TEXTS_BASIS];
  const body = (
    <>
      {article ? (
        <Tooltip
          styles={{ root: { maxWidth: 480 } }}
          title={
            <div data-testid="statute-text">
              <div>{article}</div>
              <div style={{ opacity: 0.75, fontSize: 12, marginTop: 4 }}>{lang === 'zh' ? `${basis.zh} ${basis.zhHint}` : `${basis.en} ${basis.enHint}`}</div>
            </div>
          }
        >
          <span data-testid="law-text-anchor" tabIndex={0} style={{ cursor: 'help', textDecoration: 'underline dotted', textUnderlineOffset: 3 }}>{r.text}</span>
        </Tooltip>
      ) : (
        r.text
      )}
      {r.mark ? (
        <Tooltip title={r.hint}>
          <span className="xt-basis-mark" data-testid="basis-mark" tabIndex={0} style={{ color: '#ad6800', cursor: 'help' }}>
            {r.mark}
          </span>
        </Tooltip>
      ) : null}
    </>
  );
  return plain ? <span data-testid="law-ref">{body}</span> : <Tag data-testid="law-ref">{body}</Tag>;
}

/** Several references, separated as the language separates them. */
export function LawRefs({ refs, plain }: { refs: readonly string[]; plain?: boolean }) {
  const { i18n } = useTranslation();
  if (!plain) return <>{refs.map((x) => <LawRef key={x} text={x} />)}</>;
  const sep = langOf(i18n.language) === 'zh' ? '、' : ', ';
  return (
    <>
      {refs.map((x, i) => (
        <span key={x}>
          {i ? sep : ''}
          <LawRef text={x} plain />
        </span>
      ))}
    </>
  );
}

/** Free text that cites the law ("刑法17条†", "CPL 123†") in the Chinese form when the screen is Chinese. */
export function lawText(text: string, lang: string): string {
  return langOf(lang) === 'zh' ? localizeLawText(text) : text;
}
