// First: the host API and the initial requests, before the app's other modules evaluate.
import './early-start.js';
import { mount } from 'svelte';
import './styles/app.css';
import './cells/index.js';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount the renderer into.');
mount(App, { target });
