/** Relative paths of the official LIP download layout (as unzipped, with the doubled folders). */
export const OFFICIAL_LAYOUT = Object.freeze({
  imagesDir: (split: 'train' | 'val') => `TrainVal_images/TrainVal_images/${split}_images`,
  idList: (split: 'train' | 'val') => `TrainVal_images/${split}_id.txt`,
  labelsDir: (split: 'train' | 'val') => `TrainVal_parsing_annotations/TrainVal_parsing_annotations/${split}_segmentations`,
  poseCsv: (split: 'train' | 'val') => `TrainVal_pose_annotations/lip_${split}_set.csv`,
});
