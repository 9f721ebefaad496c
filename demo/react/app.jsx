// A React 19 app embedding <secure-uploader>. React 19 passes attributes to custom elements and
// adds listeners for `on` + the event's exact name, so `onsu-upload-success` hears
// `su-upload-success` with no wrapper.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

function App() {
  const [user, setUser] = useState('');
  const [uploaded, setUploaded] = useState([]);
  return (
    <>
      <h1>secure-uploader in a React app</h1>
      <p>{user ? `React knows you are ${user}.` : 'Sign in below; React listens to the element.'}</p>
      <secure-uploader
        config="/config.json"
        auto-upload=""
        onsu-signed-in={(event) => setUser(event.detail.email)}
        onsu-signed-out={() => setUser('')}
        onsu-upload-success={(event) => setUploaded((names) => [...names, event.detail.name])}
      />
      <h2>Uploaded in this visit (from su-upload-success)</h2>
      <ul id="uploaded">
        {uploaded.map((name, i) => (
          <li key={i}>{name}</li>
        ))}
      </ul>
    </>
  );
}

createRoot(document.getElementById('app')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
