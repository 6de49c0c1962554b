export const PACKAGE_NAME = '@lip/nan-head';
