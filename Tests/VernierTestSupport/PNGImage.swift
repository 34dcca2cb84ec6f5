import CZlib
import Foundation

/// A decoded 8-bit RGB or RGBA PNG (what Chromium's screenshots are), for checking that a page drew something.
public struct PNGImage {
    public var width: Int
    public var height: Int
    /// Bytes per pixel: 3 (RGB) or 4 (RGBA).
    public var channels: Int
    /// Row-major pixels, `channels` bytes each.
    public var pixels: [UInt8]

    public struct DecodingError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Decodes `data` (non-interlaced, bit depth 8, colour type 2 or 6).
    public init(data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count > 8, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw DecodingError(description: "not a PNG file")
        }
        func bigEndian(_ at: Int) -> Int {
            Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        var offset = 8
        var width = 0, height = 0, channels = 0
        var compressed: [UInt8] = []
        while offset + 8 <= bytes.count {
            let length = bigEndian(offset)
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let body = (offset + 8)..<(offset + 8 + length)
            guard body.upperBound <= bytes.count else { throw DecodingError(description: "truncated \(type) chunk") }
            switch type {
            case "IHDR":
                width = bigEndian(body.lowerBound)
                height = bigEndian(body.lowerBound + 4)
                let depth = bytes[body.lowerBound + 8], colour = bytes[body.lowerBound + 9], interlace = bytes[body.lowerBound + 12]
                guard depth == 8, colour == 2 || colour == 6, interlace == 0 else {
                    throw DecodingError(description: "unsupported PNG: depth \(depth), colour type \(colour), interlace \(interlace)")
                }
                channels = colour == 2 ? 3 : 4
            case "IDAT":
                compressed.append(contentsOf: bytes[body])
            default:
                break
            }
            offset = body.upperBound + 4
        }
        guard width > 0, height > 0 else { throw DecodingError(description: "no IHDR chunk") }
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: height * (stride + 1))
        var rawLength = uLongf(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { out in
            compressed.withUnsafeBufferPointer { input in
                uncompress(out.baseAddress, &rawLength, input.baseAddress, uLong(input.count))
            }
        }
        guard status == Z_OK, Int(rawLength) == raw.count else {
            throw DecodingError(description: "zlib could not inflate the image data (status \(status))")
        }
        // Undo the per-row filters (PNG specification §9).
        var pixels = [UInt8](repeating: 0, count: height * stride)
        for row in 0..<height {
            let filter = raw[row * (stride + 1)]
            for column in 0..<stride {
                let x = Int(raw[row * (stride + 1) + 1 + column])
                let a = column >= channels ? Int(pixels[row * stride + column - channels]) : 0
                let b = row > 0 ? Int(pixels[(row - 1) * stride + column]) : 0
                let c = row > 0 && column >= channels ? Int(pixels[(row - 1) * stride + column - channels]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                    predicted = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: throw DecodingError(description: "unknown row filter \(filter)")
                }
                pixels[row * stride + column] = UInt8((x + predicted) & 0xFF)
            }
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// The variance of the pixels' grey level (0–255 scale); 0 for a blank image.
    public var luminanceVariance: Double {
        var sum = 0.0, squares = 0.0
        let count = width * height
        for index in 0..<count {
            let base = index * channels
            let grey = 0.299 * Double(pixels[base]) + 0.587 * Double(pixels[base + 1]) + 0.114 * Double(pixels[base + 2])
            sum += grey
            squares += grey * grey
        }
        let mean = sum / Double(count)
        return squares / Double(count) - mean * mean
    }

    /// How many distinct colours the image has (up to `limit`).
    public func distinctColours(limit: Int = 1000) -> Int {
        var seen = Set<UInt32>()
        for index in 0..<(width * height) {
            let base = index * channels
            seen.insert(UInt32(pixels[base]) << 16 | UInt32(pixels[base + 1]) << 8 | UInt32(pixels[base + 2]))
            if seen.count >= limit { break }
        }
        return seen.count
    }
}
