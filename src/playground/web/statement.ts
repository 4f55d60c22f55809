import DOMPurify from 'dompurify';
import { marked } from 'marked';

/** Whether a statement is LaTeX source (a `.tex` statement of a package), which is shown as text. */
function isLatex(statement: string): boolean {
  return /\\(?:begin\{|section\*?\{|problemname\{|documentclass)/.test(statement);
}

/**
 * Renders a problem statement into `target`. Packages store it as given (Markdown, HTML, or LaTeX):
 * Markdown and HTML go through marked, then DOMPurify (no scripts, handlers, styles, forms or frames;
 * images only from this origin or `data:`, as the page's CSP also enforces; links open in a new tab
 * without a referrer); LaTeX is shown as preformatted text.
 */
export function renderStatement(target: HTMLElement, statement: string): void {
  target.replaceChildren();
  if (!statement.trim()) {
    const empty = document.createElement('p');
    empty.className = 'hint';
    empty.textContent = 'This problem has no statement.';
    target.append(empty);
    return;
  }
  if (isLatex(statement)) {
    const pre = document.createElement('pre');
    pre.className = 'statement-source';
    pre.textContent = statement;
    target.append(pre);
    return;
  }
  const html = marked.parse(statement, { async: false, gfm: true });
  const clean = DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    // Media other than images (video, audio: their poster and sources load from anywhere) and ids/names,
    // which could shadow the page's own elements (DOM clobbering), are not kept.
    FORBID_TAGS: [
      'style',
      'form',
      'input',
      'button',
      'textarea',
      'select',
      'iframe',
      'object',
      'embed',
      'video',
      'audio',
      'source',
      'track',
      'picture',
    ],
    FORBID_ATTR: ['style', 'srcset', 'poster', 'id', 'name'],
    RETURN_DOM_FRAGMENT: true,
  });
  // The page fetches nothing from elsewhere: an image from another origin (or whose address does not
  // parse) is replaced by its alt text.
  for (const image of clean.querySelectorAll('img')) {
    if (!isSameOriginOrData(image.getAttribute('src') ?? '')) image.replaceWith(image.alt ? `[image: ${image.alt}]` : '');
  }
  for (const link of clean.querySelectorAll('a[href]')) {
    link.setAttribute('rel', 'noopener noreferrer');
    link.setAttribute('target', '_blank');
  }
  target.append(clean);
}

/** Whether `src` is an address of this page's origin or a `data:` URL; false when it does not parse. */
function isSameOriginOrData(src: string): boolean {
  try {
    const source = new URL(src, location.href);
    return source.origin === location.origin || source.protocol === 'data:';
  } catch {
    return false;
  }
}
