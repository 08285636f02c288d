import type { ReviewPicture } from '../../preload/contract/index.js';

/**
 * An image as it will be sent (its masks already blank in the pixels), with the masked regions
 * outlined over it so the doctor sees what was taken out and where.
 */
export function ReviewPictureView({
  picture,
  regions,
  zoom = 1,
}: {
  picture: ReviewPicture;
  regions: readonly { x: number; y: number; width: number; height: number }[];
  zoom?: number;
}): React.JSX.Element {
  const width = picture.width * zoom;
  const height = picture.height * zoom;
  return (
    <span className="review-picture" style={{ width, height }}>
      <img
        src={`data:image/png;base64,${picture.png}`}
        width={width}
        height={height}
        alt=""
        data-testid="review-picture-image"
      />
      <svg
        viewBox={`0 0 ${picture.width / picture.scale} ${picture.height / picture.scale}`}
        width={width}
        height={height}
        aria-hidden="true"
      >
        {regions.map((region, index) => (
          <rect
            key={index}
            x={region.x}
            y={region.y}
            width={region.width}
            height={region.height}
            className="review-mask"
          />
        ))}
      </svg>
    </span>
  );
}
