import { imageSize } from './image-size.js';

/** Mailpit's thumbnails are 180 x 120, cropped to fill. */
const WIDTH = 180;
const HEIGHT = 120;
/** Decoding is pure JS: bound the pixels (and so the memory) one request may cost. */
const MAX_PIXELS = 40_000_000;
const THUMBNAIL_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/gif', 'image/bmp']);

export class ThumbnailError extends Error {}

/** A JPEG thumbnail of an image part; throws ThumbnailError when the part is not a usable image. */
export async function makeThumbnail(contentType: string, data: Buffer): Promise<Buffer> {
  if (!THUMBNAIL_TYPES.has(contentType)) throw new ThumbnailError(`${contentType} is not an image type thumbnails are made of`);
  const size = imageSize(data);
  if (!size) throw new ThumbnailError('the image header could not be read');
  if (size.width * size.height > MAX_PIXELS) throw new ThumbnailError(`the image is too large for a thumbnail (${size.width}x${size.height})`);
  try {
    // Loaded on the first thumbnail: the pure-JS codecs cost ~25 MB of memory that a mailsink
    // nobody previews images in should not carry.
    const { Jimp } = await import('jimp');
    const image = await Jimp.read(data);
    image.cover({ w: WIDTH, h: HEIGHT });
    return await image.getBuffer('image/jpeg');
  } catch (err) {
    throw new ThumbnailError(`the image could not be decoded: ${(err as Error).message}`);
  }
}
