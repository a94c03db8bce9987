/** The history view's own arrows (inline SVG: the CSP allows no other images). */
export const ChevronLeft = () => (
  <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
    <path d="M10 3 5 8l5 5" fill="none" stroke="currentColor" strokeWidth="1.6" />
  </svg>
);

export const ChevronRight = () => (
  <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
    <path d="m6 3 5 5-5 5" fill="none" stroke="currentColor" strokeWidth="1.6" />
  </svg>
);
