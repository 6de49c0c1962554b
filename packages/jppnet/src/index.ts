export const PACKAGE_NAME = '@lip/jppnet';
