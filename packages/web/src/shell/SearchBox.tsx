import { forwardRef, useEffect, useState, type FormEvent } from 'react';

export interface SearchBoxProps {
  query: string;
  onSearch(query: string): void;
}

/** The API's search syntax, submitted on Enter; clearing it returns to the inbox. */
export const SearchBox = forwardRef<HTMLInputElement, SearchBoxProps>(function SearchBox({ query, onSearch }, ref) {
  const [draft, setDraft] = useState(query);
  useEffect(() => setDraft(query), [query]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(draft);
  };
  return (
    <form role="search" className="search" onSubmit={submit}>
      <input
        ref={ref}
        type="search"
        aria-label="Search messages"
        placeholder="Search  (/)   e.g. from:alice has:attachment"
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          if (e.target.value === '' && query !== '') onSearch('');
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.currentTarget.blur();
            if (draft !== '') {
              setDraft('');
              onSearch('');
            }
          }
        }}
      />
    </form>
  );
});
