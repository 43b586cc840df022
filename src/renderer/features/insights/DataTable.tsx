/** One table cell: `raw` goes to CSV, `text` is what people read. */
export interface Cell {
  raw: string | number | null;
  text: string;
  className?: string;
}

export interface TableData {
  columns: string[];
  rows: Cell[][];
}

/** A cell; names and other text (a string raw value) are left-aligned, numbers right-aligned. */
export const cell = (raw: string | number | null, text?: string, className?: string): Cell => {
  const cls = className ?? (typeof raw === 'string' ? 'text' : undefined);
  return { raw, text: text ?? (raw === null ? '–' : String(raw)), ...(cls ? { className: cls } : {}) };
};

/** An accessible table: caption names it, column headers and a row header in the first column. */
export function DataTable({ caption, data, id }: { caption: string; data: TableData; id?: string }) {
  return (
    <div className="insights-table-wrap">
      <table className="insights-table" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {data.columns.map((c, j) => (
              <th
                key={c}
                scope="col"
                className={data.rows[0]?.[j]?.className === 'text' ? 'text' : undefined}
              >
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row, i) => (
            <tr key={i}>
              {row.map((c, j) =>
                j === 0 ? (
                  <th key={j} scope="row" className={c.className}>
                    {c.text}
                  </th>
                ) : (
                  <td key={j} className={c.className}>
                    {c.text}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
