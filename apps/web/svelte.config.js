import adapter from '@sveltejs/adapter-static';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  kit: {
    // A static build the daemon serves itself; unknown paths fall back to the SPA shell.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: '200.html', strict: true }),
    // The fallback shell answers at any depth (/sessions/<id>), so asset URLs must be absolute.
    paths: { relative: false },
  },
};

export default config;
