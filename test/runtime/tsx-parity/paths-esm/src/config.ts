export const names = ['paths', 'baseUrl'];
