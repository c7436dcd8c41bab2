import { useCallback, useState } from 'react';

const ORG_ID = 'demo-org';
// ?token=X sets the sessionToken property; without it the element asks tokenProvider.
const INITIAL_TOKEN = new URLSearchParams(location.search).get('token') ?? undefined;

export default function App() {
  const [scope, setScope] = useState(null);
  const [contactId, setContactId] = useState('');
  const [selected, setSelected] = useState('none');
  const [loaded, setLoaded] = useState('—');
  const [providerCalls, setProviderCalls] = useState(0);

  // A stable function, so React does not set the property again on every render. A real page
  // would fetch or refresh its Ctrl Hub session here.
  const tokenProvider = useCallback(async () => {
    setProviderCalls((n) => n + 1);
    return 'demo-token';
  }, []);

  return (
    <main>
      <h1>React 19 host</h1>
      <div className="controls">
        <label>
          Contact ID <input value={contactId} onChange={(e) => setContactId(e.target.value.trim())} />
        </label>
        <button type="button" disabled={!contactId} onClick={() => setScope({ contact_in: [contactId] })}>
          Show only this contact
        </button>
        <button type="button" onClick={() => setScope(null)}>
          Show all contacts
        </button>
      </div>
      <p>
        Last selected interaction: <output id="selected">{selected}</output>
        {' · '}loaded: <output id="loaded">{loaded}</output>
        {' · '}token provider calls: <output id="provider-calls">{providerCalls}</output>
      </p>
      {/* React 19: orgId, sessionToken, tokenProvider and scope exist on the element, so they are set
          as properties; api-base is not a property name, so it is set as an attribute; on + event
          name (case-sensitive) adds an event listener for that exact event. */}
      <ctrlhub-interactions
        orgId={ORG_ID}
        api-base={location.origin}
        sessionToken={INITIAL_TOKEN}
        tokenProvider={tokenProvider}
        scope={scope}
        onctrlhub-select={(e) => {
          setSelected(e.detail.id);
          if (e.detail.interaction?.contact?.id) setContactId(e.detail.interaction.contact.id);
        }}
        onctrlhub-load={(e) => setLoaded(`${e.detail.count} of ${e.detail.total}`)}
      />
    </main>
  );
}
