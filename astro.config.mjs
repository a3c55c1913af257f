import { defineConfig } from 'astro/config';
export default defineConfig({ site: 'https://adjoint.example.org' });
