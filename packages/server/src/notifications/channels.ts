/**
 * SMS and e-mail behind one interface. Which SMS provider is configuration
 * (XIETONG_SMS_PROVIDER): `test` records messages in memory (tests, demos), `log` writes them to
 * the server log, `http` POSTs JSON {to, text} to XIETONG_SMS_URL (a provider's gateway or the
 * agency's SMS platform; a bearer token in XIETONG_SMS_TOKEN). E-mail goes by SMTP
 * (XIETONG_SMTP_URL, sender XIETONG_MAIL_FROM) through nodemailer. A channel with no adapter
 * configured leaves its deliveries pending (nothing is lost; they go once one is configured).
 */
export type TOutgoing = { to: string; subject: string; text: string };
export type TChannel = 'sms' | 'email';

export interface TChannelAdapter {
  readonly channel: TChannel;
  readonly name: string;
  /** resolves with the provider's message reference; throws when the provider refused */
  send(m: TOutgoing): Promise<string>;
}

/** Records what it was asked to send (tests; a demo without an SMS provider). */
export class RecordingAdapter implements TChannelAdapter {
  readonly name = 'test';
  readonly sent: TOutgoing[] = [];
  constructor(readonly channel: TChannel) {}
  async send(m: TOutgoing): Promise<string> {
    this.sent.push(m);
    return `test-${this.sent.length}`;
  }
}

class LogAdapter implements TChannelAdapter {
  readonly name = 'log';
  constructor(readonly channel: TChannel, private readonly log: (line: string) => void) {}
  async send(m: TOutgoing): Promise<string> {
    this.log(`[${this.channel}] to ${m.to}: ${m.subject} — ${m.text}`);
    return 'logged';
  }
}

class HttpSmsAdapter implements TChannelAdapter {
  readonly channel = 'sms' as const;
  readonly name = 'http';
  constructor(private readonly url: string, private readonly token: string | undefined) {}
  async send(m: TOutgoing): Promise<string> {
    const res = await fetch(this.url, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ to: m.to, text: `${m.subject}：${m.text}` }), signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    const body = await res.text();
    return body.slice(0, 200) || String(res.status);
  }
}

class SmtpAdapter implements TChannelAdapter {
  readonly channel = 'email' as const;
  readonly name = 'smtp';
  private transport: Promise<{ sendMail(o: Record<string, unknown>): Promise<{ messageId: string }> }> | null = null;
  constructor(private readonly url: string, private readonly from: string) {}
  async send(m: TOutgoing): Promise<string> {
    // nodemailer loads on first use, not at start (issue #12: restart time)
    this.transport ??= import('nodemailer').then((nm) => nm.default.createTransport(this.url));
    const info = await (await this.transport).sendMail({ from: this.from, to: m.to, subject: m.subject, text: m.text });
    return info.messageId;
  }
}

export type TChannelAdapters = Partial<Record<TChannel, TChannelAdapter>>;

export function adaptersFromEnv(env: NodeJS.ProcessEnv, log: (line: string) => void): TChannelAdapters {
  const out: TChannelAdapters = {};
  const sms = env.XIETONG_SMS_PROVIDER;
  if (sms === 'test') out.sms = new RecordingAdapter('sms');
  else if (sms === 'log') out.sms = new LogAdapter('sms', log);
  else if (sms === 'http' && env.XIETONG_SMS_URL) out.sms = new HttpSmsAdapter(env.XIETONG_SMS_URL, env.XIETONG_SMS_TOKEN);
  if (env.XIETONG_SMTP_URL) out.email = new SmtpAdapter(env.XIETONG_SMTP_URL, env.XIETONG_MAIL_FROM ?? 'xietong@localhost');
  else if (env.XIETONG_MAIL_PROVIDER === 'log') out.email = new LogAdapter('email', log);
  else if (env.XIETONG_MAIL_PROVIDER === 'test') out.email = new RecordingAdapter('email');
  return out;
}
