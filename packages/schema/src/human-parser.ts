import type { LabelMap, ImageDataLike } from './label-map.js';
import type { LipClassName, Rgb } from './lip-classes.js';
import type { LipJointName } from './lip-joints.js';

/**
 * The result types every human parser of this project returns (`@lip/jppnet`, `@lip/nan-head`, `@lip/pspnet`),
 * after tfjs-models' body-segmentation (`Segmentation`) and pose-detection (`Pose`). They carry no tfjs types:
 * `TensorT` is the tensor type of the parser's tfjs (`tf.Tensor2D`).
 */

/** Pixels as Node holds them: interleaved RGB (3 bytes per pixel) or RGBA (4), row-major. */
export interface RawPixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** One joint found in the image: pixel coordinates of the input and a confidence in [0, 1]. */
export interface Keypoint {
  readonly name: LipJointName;
  readonly x: number;
  readonly y: number;
  readonly score: number;
}

/** The 16 LIP joints in `LIP_JOINT_NAMES` order, and the pose's overall confidence in [0, 1]. */
export interface Pose {
  readonly keypoints: readonly Keypoint[];
  readonly score: number;
}

/** How `Segmentation.toImageData` colours a label map. */
export interface ToImageDataOptions {
  /** Colour per class id; default `LIP_PALETTE`. */
  readonly palette?: readonly Rgb[];
  /** Alpha of the coloured pixels, 0–1; default 1. */
  readonly opacity?: number;
  /** Alpha of background pixels (class 0), 0–1; default 0 (transparent), so the mask can be drawn over the image. */
  readonly backgroundOpacity?: number;
}

/** The parsing of one image: a class id per pixel of the input. */
export interface Segmentation<TensorT = unknown> {
  /** Class ids at the input's size, `data[y * width + x]`. */
  readonly labels: LabelMap;
  /** The class name of a label value (`LIP_CLASS_NAMES[value]`); throws for a value that is not a class id. */
  maskValueToLabel(value: number): LipClassName;
  /** The labels coloured by class, RGBA. */
  toImageData(options?: ToImageDataOptions): ImageDataLike;
  /** The labels as an int32 tensor [height, width]; the caller disposes it. */
  toTensor(): TensorT;
}

/** What `HumanParser.parse` returns. */
export interface HumanParsingResult<TensorT = unknown> {
  readonly width: number;
  readonly height: number;
  readonly segmentation: Segmentation<TensorT>;
  /** Present for parsers that also estimate pose (JPPNet). */
  readonly pose?: Pose;
}

/** Test-time augmentation: the model runs on several scaled and/or mirrored copies and averages its scores. */
export interface TestTimeAugmentation {
  /** Input scales; default the model's own test scales. */
  readonly scales?: readonly number[];
  /** Also run on the mirrored input and fold its scores back (left/right swapped). Default false. */
  readonly mirror?: boolean;
}

export interface ParseOptions {
  /**
   * Default none: one pass on the image at scale 1, not mirrored. `{}` runs the model's test scales, and
   * `{ mirror: true }` adds the mirrored copy: for JPPNet that is the reference's test procedure
   * (`evaluate_parsing_JPPNet-s2.py`).
   */
  readonly testTimeAugmentation?: TestTimeAugmentation;
  /**
   * tfjs-models' meaning: the input is mirrored (a selfie camera), so mirror the result back: labels, sides and
   * keypoint x (`mirrorLabelMap`, `mirrorPose`), so that it describes the scene as it is. Default false.
   */
  readonly flipHorizontal?: boolean;
  /** Side of the square network input; default the model's. */
  readonly inputSize?: number;
}

/** A loaded human parser. `InputT`: what it parses (tfjs-models' PixelInput, plus `RawPixels` in Node). */
export interface HumanParser<InputT, TensorT = unknown> {
  parse(input: InputT, options?: ParseOptions): Promise<HumanParsingResult<TensorT>>;
  /** Frees the model's weights; the parser cannot be used afterwards. */
  dispose(): void;
}
