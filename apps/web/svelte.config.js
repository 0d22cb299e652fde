import adapter from '@sveltejs/adapter-static';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  kit: {
    // A static build the daemon serves itself; unknown paths fall back to the SPA shell.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: '200.html', strict: true }),
  },
};

export default config;
