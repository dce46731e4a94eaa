export { wait } from './wait';
