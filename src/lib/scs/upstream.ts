/** The SCS test suite these rules follow: the one place its address and commit are written. */
export const UPSTREAM = {
  url: 'https://github.com/SovereignCloudStack/standards/tree/077174d94b576e480e8168d198004296bee94748/Tests',
  repository: 'https://github.com/SovereignCloudStack/standards',
  commit: '077174d94b576e480e8168d198004296bee94748',
} as const;
