import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

interface Props {
  /** What the menu button says (often the current choice). */
  label: ReactNode;
  /** Accessible name of the menu, e.g. "Layout". */
  name: string;
  testId: string;
  /** Shown pressed, e.g. when one of the menu's tools is the active one. */
  pressed?: boolean;
  /** The items; each gets `close` so choosing one closes the menu. */
  children: (close: () => void) => ReactNode;
}

/**
 * A toolbar button that opens a small menu below it: how the toolbar keeps every tool one or two
 * clicks away without wrapping onto many rows. Escape, a click elsewhere or a choice closes it;
 * keyboard shortcuts reach every item without opening it.
 */
export function ToolbarMenu({ label, name, testId, pressed, children }: Props): React.JSX.Element {
  const [open, setOpen] = useState(false);
  const [alignEnd, setAlignEnd] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const items = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // A menu near the window's right edge (image actions, sync) opens leftwards instead of running
  // off it; measured before the first paint, so it never shows cut off.
  useLayoutEffect(() => {
    if (!open) {
      setAlignEnd(false);
      return;
    }
    const list = items.current;
    if (list !== null && list.getBoundingClientRect().right > document.documentElement.clientWidth)
      setAlignEnd(true);
  }, [open]);

  useEffect(() => {
    if (!open) return undefined;
    const onPointerDown = (event: PointerEvent): void => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    root.current?.querySelector<HTMLElement>('[role^=menuitem]')?.focus();
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = (): void => {
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div
      className="toolbar-menu"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={name}
        title={name}
        aria-pressed={pressed}
        data-testid={testId}
        onClick={() => setOpen(!open)}
      >
        {label} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          ref={items}
          className={alignEnd ? 'toolbar-menu-items align-end' : 'toolbar-menu-items'}
          role="menu"
          aria-label={name}
          data-testid={`${testId}-items`}
        >
          {children(close)}
        </div>
      )}
    </div>
  );
}

interface ItemProps {
  testId: string;
  /** Checked state for on/off items and the chosen one of a set. */
  checked?: boolean;
  /** The keyboard shortcut, shown beside the item. */
  shortcut?: string;
  onSelect: () => void;
  children: ReactNode;
}

export function ToolbarMenuItem({
  testId,
  checked,
  shortcut,
  onSelect,
  children,
}: ItemProps): React.JSX.Element {
  return (
    <button
      type="button"
      role={checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
      aria-checked={checked}
      data-testid={testId}
      onClick={onSelect}
    >
      <span className="toolbar-menu-check" aria-hidden="true">
        {checked === true ? '✓' : ''}
      </span>
      <span className="toolbar-menu-label">{children}</span>
      {shortcut !== undefined && <kbd>{shortcut}</kbd>}
    </button>
  );
}
