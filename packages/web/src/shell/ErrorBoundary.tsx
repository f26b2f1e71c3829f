import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** Changing it clears the error (e.g. the ID of the message shown). */
  resetKey: string;
  children: ReactNode;
}

/** Keeps a rendering fault in one part of the page from blanking the whole UI. */
export class ErrorBoundary extends Component<Props, { error: Error | null; key: string }> {
  override state = { error: null as Error | null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: { error: Error | null; key: string }) {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('mailsink UI error', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="crashed" role="alert">
        <p>This part of the page could not be shown: {this.state.error.message}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>Try again</button>
      </div>
    );
  }
}
