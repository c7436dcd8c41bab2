// The plain example's script: everything a host page does with <ctrlhub-interactions>.
const el = document.querySelector('ctrlhub-interactions');
const $ = (id) => document.getElementById(id);

// The API: here the page's own origin (a same-origin proxy, or the mock). In production leave
// api-base unset (https://api.ctrl-hub.com) or point it at your proxy.
el.setAttribute('api-base', location.origin);

// Authentication: a token provider, asked before the first request and again after a 401.
// A real page would fetch or refresh its Ctrl Hub session here.
let providerCalls = 0;
el.tokenProvider = async () => {
  $('provider-calls').textContent = String(++providerCalls);
  return 'demo-token';
};
// ?token=X sets the sessionToken property (never an attribute: it would show in the DOM).
const token = new URLSearchParams(location.search).get('token');
if (token) el.sessionToken = token;

// Scope from the host: only one contact's interactions (e.g. on a contact's page).
const contactInput = $('contact-id');
const onlyContact = $('only-contact');
contactInput.addEventListener('input', () => { onlyContact.disabled = !contactInput.value.trim(); });
onlyContact.addEventListener('click', () => {
  el.scope = { contact_in: [contactInput.value.trim()] };
});
$('all-contacts').addEventListener('click', () => { el.scope = null; });

// Events bubble and are composed: listen on the element or anywhere above it.
el.addEventListener('ctrlhub-select', (event) => {
  $('selected').textContent = event.detail.id;
  const contact = event.detail.interaction?.contact;
  if (contact?.id) {
    contactInput.value = contact.id;
    onlyContact.disabled = false;
  }
});
el.addEventListener('ctrlhub-load', (event) => {
  $('loaded').textContent = `${event.detail.count} of ${event.detail.total}`;
});
el.addEventListener('ctrlhub-error', (event) => {
  console.warn('ctrlhub-interactions:', event.detail.kind, event.detail.message);
});
