export { seedDemoCases } from './seed-demo-cases';
