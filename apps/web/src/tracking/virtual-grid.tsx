import { type ReactNode, useRef, useState } from 'react';

export interface GridColumn<T> {
  key: string;
  header: string;
  width: number;
  cell: (row: T) => ReactNode;
  sorted?: 'asc' | 'desc' | undefined;
  onSort?: (() => void) | undefined;
}

interface VirtualGridProps<T> {
  rows: readonly T[];
  columns: GridColumn<T>[];
  rowKey: (row: T) => string;
  height?: number;
  rowHeight?: number;
  /** Names the table for screen readers. */
  label: string;
  /** The first columns stay in place while the rest scroll sideways. */
  pinned?: number;
}

const OVERSCAN = 6;
// Cells are placed absolutely so that only those in view exist in the DOM.
const CELL = {
  position: 'absolute',
  top: 0,
  overflow: 'hidden',
  whiteSpace: 'nowrap',
  textOverflow: 'ellipsis',
  padding: '0 6px',
  boxSizing: 'border-box',
  borderBottom: '1px solid #eee',
  display: 'flex',
  alignItems: 'center',
} as const;

/**
 * A table that renders only the rows and columns in view, so 10,000 runs x hundreds of
 * metric and param columns scroll as smoothly as ten.
 */
export function VirtualGrid<T>({
  rows,
  columns,
  rowKey,
  label,
  height = 520,
  rowHeight = 28,
  pinned = 1,
}: VirtualGridProps<T>) {
  const ref = useRef<HTMLElement>(null);
  const [scroll, setScroll] = useState({ top: 0, left: 0, width: 1200 });
  const fixed = columns.slice(0, pinned);
  const moving = columns.slice(pinned);
  const fixedWidth = fixed.reduce((s, c) => s + c.width, 0);
  const offsets: number[] = [];
  let total = 0;
  for (const c of moving) {
    offsets.push(total);
    total += c.width;
  }
  const firstRow = Math.max(0, Math.floor(scroll.top / rowHeight) - OVERSCAN);
  const lastRow = Math.min(rows.length, Math.ceil((scroll.top + height) / rowHeight) + OVERSCAN);
  const viewLeft = scroll.left;
  const viewRight = scroll.left + scroll.width - fixedWidth;
  const visible = moving
    .map((column, i) => ({ column, left: offsets[i] ?? 0 }))
    .filter(({ column, left }) => left + column.width >= viewLeft - 200 && left <= viewRight + 200);

  const headerCell = (column: GridColumn<T>, left: number) => (
    <div
      key={column.key}
      className="vgrid-cell vgrid-head"
      style={{ ...CELL, fontWeight: 600, left, width: column.width, height: rowHeight }}
    >
      {column.onSort ? (
        <button
          type="button"
          className="link-button"
          onClick={column.onSort}
          title={`Sort by ${column.header}`}
        >
          {column.header} {column.sorted === 'asc' ? '▲' : column.sorted === 'desc' ? '▼' : ''}
        </button>
      ) : (
        column.header
      )}
    </div>
  );

  return (
    <section
      ref={ref}
      className="vgrid"
      aria-label={label}
      style={{ height, overflow: 'auto', position: 'relative', border: '1px solid #ddd' }}
      onScroll={(e) => {
        const el = e.currentTarget;
        setScroll({ top: el.scrollTop, left: el.scrollLeft, width: el.clientWidth });
      }}
    >
      <div style={{ width: fixedWidth + total, height: (rows.length + 1) * rowHeight, position: 'relative' }}>
        <div style={{ position: 'sticky', top: 0, height: rowHeight, zIndex: 2, background: '#f6f6f6' }}>
          {visible.map(({ column, left }) => headerCell(column, fixedWidth + left))}
          <div
            style={{
              position: 'sticky',
              left: 0,
              width: fixedWidth,
              height: rowHeight,
              background: '#f6f6f6',
            }}
          >
            {fixed.map((column, i) =>
              headerCell(
                column,
                fixed.slice(0, i).reduce((s, c) => s + c.width, 0),
              ),
            )}
          </div>
        </div>
        {rows.slice(firstRow, lastRow).map((row, i) => {
          const index = firstRow + i;
          return (
            <div
              key={rowKey(row)}
              className="vgrid-row"
              style={{
                position: 'absolute',
                top: (index + 1) * rowHeight,
                height: rowHeight,
                width: fixedWidth + total,
              }}
            >
              {visible.map(({ column, left }) => (
                <div
                  key={column.key}
                  className="vgrid-cell"
                  style={{ ...CELL, left: fixedWidth + left, width: column.width, height: rowHeight }}
                >
                  {column.cell(row)}
                </div>
              ))}
              <div
                style={{
                  position: 'sticky',
                  left: 0,
                  width: fixedWidth,
                  height: rowHeight,
                  background: '#fff',
                  zIndex: 1,
                }}
              >
                {fixed.map((column, c) => (
                  <div
                    key={column.key}
                    className="vgrid-cell"
                    style={{
                      ...CELL,
                      left: fixed.slice(0, c).reduce((s, x) => s + x.width, 0),
                      width: column.width,
                      height: rowHeight,
                    }}
                  >
                    {column.cell(row)}
                  </div>
                ))}
              </div>
            </div>
          );
        })}
      </div>
    </section>
  );
}
