export const PACKAGE_NAME = '@lip/pspnet';
