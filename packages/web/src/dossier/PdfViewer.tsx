/**
 * PDF pages drawn with pdf.js (loaded only when a PDF is opened): one main canvas with page
 * navigation and zoom, and a thumbnail strip. Keys: ←/→ or PageUp/PageDown turn pages, +/− zoom.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type * as PdfJs from 'pdfjs-dist';
import { Button, InputNumber, Space, Spin, Typography } from 'antd';
import { LeftOutlined, RightOutlined, ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../common/ErrorAlert';

let pdfjsPromise: Promise<typeof PdfJs> | null = null;
function loadPdfjs() {
  pdfjsPromise ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([lib, worker]) => {
    lib.GlobalWorkerOptions.workerSrc = worker.default;
    return lib;
  });
  return pdfjsPromise;
}

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

export function usePdf(url: string | null) {
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!url) return;
    let cancelled = false;
    let loaded: PDFDocumentProxy | null = null;
    setDoc(null);
    setError(null);
    void loadPdfjs()
      .then((lib) => lib.getDocument({ url, withCredentials: true }).promise)
      .then((d) => {
        loaded = d;
        if (cancelled) void d.destroy();
        else setDoc(d);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(e);
      });
    return () => {
      cancelled = true;
      if (loaded) void loaded.destroy();
    };
  }, [url]);
  return { doc, error };
}

function PageCanvas({ doc, page, scale, testId }: { doc: PDFDocumentProxy; page: number; scale: number; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let cancelled = false;
    let task: { cancel: () => void; promise: Promise<void> } | null = null;
    void doc.getPage(page).then((p) => {
      if (cancelled || !ref.current) return;
      const ratio = window.devicePixelRatio || 1;
      const viewport = p.getViewport({ scale: scale * ratio });
      const canvas = ref.current;
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
      canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
      task = p.render({ canvas, viewport });
      task.promise
        .then(() => {
          if (!cancelled) canvas.dataset.rendered = String(page);
        })
        .catch(() => {});
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, page, scale]);
  return <canvas ref={ref} data-testid={testId} data-page={page} />;
}

/** Two grid cells: the thumbnail strip and the page view (the dossier page lays them out). */
export function PdfViewer({ url, title }: { url: string; title: string }) {
  const { t } = useTranslation();
  const { doc, error } = usePdf(url);
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState(2);
  const pages = doc?.numPages ?? 0;
  useEffect(() => setPage(1), [url]);
  const go = (n: number) => setPage((p) => Math.min(Math.max(1, n || p), Math.max(1, pages)));

  const thumbs = (
    <aside aria-label={t('dossier.thumbnails')} data-testid="thumbnails">
      {doc
        ? Array.from({ length: Math.min(pages, 200) }, (_, i) => i + 1).map((n) => (
            <button type="button" key={n} className="xt-thumb" aria-current={n === page} aria-label={t('dossier.page', { n })} onClick={() => go(n)} data-testid="thumbnail">
              <PageCanvas doc={doc} page={n} scale={0.18} />
              <Typography.Text type="secondary" style={{ fontSize: 11 }}>{n}</Typography.Text>
            </button>
          ))
        : null}
    </aside>
  );
  let main: React.ReactNode;
  if (error) main = <ErrorAlert error={error} />;
  else if (!doc) main = <div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>;
  else
    main = (
      <>
        <Space wrap style={{ marginBottom: 8, position: 'sticky', top: -8, background: '#fff', zIndex: 1, width: '100%', paddingTop: 4 }}>
          <Button icon={<LeftOutlined />} onClick={() => go(page - 1)} disabled={page <= 1} aria-label={t('dossier.prev')} data-testid="page-prev" />
          <InputNumber size="small" min={1} max={pages} value={page} onChange={(v) => go(Number(v))} aria-label={t('dossier.pageInput')} style={{ width: 64 }} />
          <Typography.Text data-testid="page-indicator">{t('dossier.pageOf', { page, pages })}</Typography.Text>
          <Button icon={<RightOutlined />} onClick={() => go(page + 1)} disabled={page >= pages} aria-label={t('dossier.next')} data-testid="page-next" />
          <Button icon={<ZoomOutOutlined />} onClick={() => setZoom((z) => Math.max(0, z - 1))} disabled={zoom === 0} aria-label={t('dossier.zoomOut')} data-testid="zoom-out" />
          <Typography.Text data-testid="zoom-level">{Math.round(ZOOMS[zoom]! * 100)}%</Typography.Text>
          <Button icon={<ZoomInOutlined />} onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))} disabled={zoom === ZOOMS.length - 1} aria-label={t('dossier.zoomIn')} data-testid="zoom-in" />
        </Space>
        <div>
          <PageCanvas doc={doc} page={page} scale={ZOOMS[zoom]!} testId="pdf-page" />
        </div>
      </>
    );
  return (
    <>
      {thumbs}
      <section
        tabIndex={0}
        aria-label={title}
        data-testid="pdf-viewer"
        onKeyDown={(e) => {
          if (e.target !== e.currentTarget) return;
          if (e.key === 'ArrowRight' || e.key === 'PageDown') go(page + 1);
          else if (e.key === 'ArrowLeft' || e.key === 'PageUp') go(page - 1);
          else if (e.key === '+' || e.key === '=') setZoom((z) => Math.min(ZOOMS.length - 1, z + 1));
          else if (e.key === '-') setZoom((z) => Math.max(0, z - 1));
          else return;
          e.preventDefault();
        }}
      >
        {main}
      </section>
    </>
  );
}

/** An image document: one page, zoomable. */
export function ImageViewer({ url, title }: { url: string; title: string }) {
  const { t } = useTranslation();
  const [zoom, setZoom] = useState(2);
  return (
    <>
      <aside aria-label={t('dossier.thumbnails')} data-testid="thumbnails">
        <button type="button" className="xt-thumb" aria-current>
          <img src={url} alt="" style={{ width: '100%' }} />
        </button>
      </aside>
      <section tabIndex={0} aria-label={title} data-testid="image-viewer">
        <Space style={{ marginBottom: 8 }}>
          <Button icon={<ZoomOutOutlined />} onClick={() => setZoom((z) => Math.max(0, z - 1))} disabled={zoom === 0} aria-label={t('dossier.zoomOut')} />
          <Typography.Text>{Math.round(ZOOMS[zoom]! * 100)}%</Typography.Text>
          <Button icon={<ZoomInOutlined />} onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))} disabled={zoom === ZOOMS.length - 1} aria-label={t('dossier.zoomIn')} />
        </Space>
        <div>
          <img src={url} alt={title} style={{ width: `${ZOOMS[zoom]! * 100}%`, maxWidth: 'none' }} />
        </div>
      </section>
    </>
  );
}
