import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutlineNode } from './pdf-model';

/** The PDF's bookmarks as a collapsible tree; choosing one jumps there. */
export function OutlinePanel({ items, onJump }: { items: OutlineNode[]; onJump(node: OutlineNode): void }) {
  const { t } = useTranslation();
  return (
    <nav className="pdf-reader-outline" aria-label={t('reader.outline')}>
      <OutlineList items={items} onJump={onJump} />
    </nav>
  );
}

function OutlineList({ items, onJump }: { items: OutlineNode[]; onJump(node: OutlineNode): void }) {
  return (
    <ul>
      {items.map((node, i) => (
        <OutlineItem key={i} node={node} onJump={onJump} />
      ))}
    </ul>
  );
}

function OutlineItem({ node, onJump }: { node: OutlineNode; onJump(node: OutlineNode): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const hasChildren = node.items.length > 0;
  return (
    <li>
      <div className="pdf-reader-outline-row">
        {hasChildren ? (
          <button
            type="button"
            className="pdf-reader-twisty"
            aria-expanded={open}
            aria-label={t('reader.outlineExpand', { title: node.title })}
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="pdf-reader-twisty" />
        )}
        <button type="button" className="link" onClick={() => onJump(node)}>
          {node.title}
        </button>
      </div>
      {hasChildren && open && <OutlineList items={node.items} onJump={onJump} />}
    </li>
  );
}
