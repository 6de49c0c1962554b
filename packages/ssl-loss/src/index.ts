export const PACKAGE_NAME = '@lip/ssl-loss';
