/** All tags in the mailbox; choosing one searches `tag:NAME`. */
export function tagQuery(tag: string): string {
  return /[\s"]/.test(tag) ? `tag:"${tag.replace(/"/g, '')}"` : `tag:${tag}`;
}

export interface TagSidebarProps {
  tags: string[];
  query: string;
  total: number;
  unread: number;
  onSearch(query: string): void;
}

export function TagSidebar({ tags, query, total, unread, onSearch }: TagSidebarProps) {
  return (
    <nav className="sidebar" aria-label="Mailboxes and tags">
      <button type="button" className="sidebar-item" aria-current={query === '' ? 'page' : undefined} onClick={() => onSearch('')}>
        <span>Inbox</span>
        <span className="count" aria-label={`${unread} unread of ${total}`}>{unread > 0 ? `${unread} / ${total}` : total}</span>
      </button>
      {tags.length > 0 && <h2 className="sidebar-heading">Tags</h2>}
      <ul className="sidebar-tags" aria-label="Tags">
        {tags.map((t) => {
          const q = tagQuery(t);
          return (
            <li key={t}>
              <button type="button" className="sidebar-item" aria-current={query === q ? 'page' : undefined} onClick={() => onSearch(q)}>
                <span className="tag-dot" aria-hidden="true" />
                {t}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
