import { useState, type FormEvent } from 'react';

/** The message's tags, each removable, and a field to add one. */
export function TagEditor({ tags, onChange }: { tags: string[]; onChange(tags: string[]): void }) {
  const [draft, setDraft] = useState('');
  const add = (event: FormEvent) => {
    event.preventDefault();
    const tag = draft.trim();
    if (tag && !tags.includes(tag)) onChange([...tags, tag]);
    setDraft('');
  };
  return (
    <div className="tag-editor">
      <ul aria-label="Tags" className="tag-list">
        {tags.map((t) => (
          <li key={t} className="tag">
            {t}
            <button type="button" className="tag-remove" aria-label={`Remove tag ${t}`} onClick={() => onChange(tags.filter((x) => x !== t))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} className="tag-add">
        <input
          aria-label="Add tag"
          placeholder="Add tag"
          value={draft}
          maxLength={100}
          onChange={(e) => setDraft(e.target.value)}
        />
      </form>
    </div>
  );
}
