import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** A bug in one screen shows a way out instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error) {
    console.error('Confab crashed while rendering', error);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="splash" role="alert">
        <p>Something went wrong on this screen.</p>
        <button className="button button-primary" onClick={() => location.reload()}>
          Reload Confab
        </button>
      </div>
    );
  }
}
