using System.Globalization;
using PoseML.Core;

namespace PoseML.Data.Mocap.Asf;

/// <summary>Reads Acclaim motion files (AMC) for a given <see cref="AsfSkeleton"/>. Lines starting
/// with <c>#</c> or <c>:</c> are headers or comments (<c>:RADIANS</c> switches angles to radians);
/// a line holding one integer starts a frame (frames must be numbered consecutively, CMU starts at
/// 1); every other line is <c>bone v1 v2 …</c> with one value per dof of that bone (the root's in its
/// <c>order</c>). Every frame must give every animated bone exactly once, so a truncated file is
/// reported, not silently zero-filled. Errors are <see cref="DataFormatException"/>s naming file and line.</summary>
public static class AmcReader
{
    /// <summary>Reads the AMC file at <paramref name="path"/> for <paramref name="skeleton"/>.</summary>
    /// <exception cref="DataFormatException">Missing file, malformed content, or bones the skeleton lacks.</exception>
    public static AmcMotion Read(string path, AsfSkeleton skeleton)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "file not found; expected an AMC motion file");
        using var reader = new StreamReader(path);
        return Parse(reader, path, skeleton);
    }

    /// <summary>Parses AMC text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="DataFormatException">Malformed content.</exception>
    public static AmcMotion Parse(TextReader reader, string source, AsfSkeleton skeleton)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        var first = AmcMotion.ValueLayout(skeleton, out var perFrame);
        var bones = skeleton.Bones;
        var animated = Enumerable.Range(0, bones.Length).Where(b => bones[b].Dofs.Length > 0).ToArray();
        // Grows with the frames actually read: the skeleton (another untrusted file) sets perFrame, so a
        // capacity of perFrame × 1024 let a skeleton of many bones reserve gigabytes before any frame.
        var values = new List<double>((int)Math.Min(perFrame * 1024L, 1 << 16));
        var frame = new double[perFrame];
        var seenLine = new int[bones.Length];
        var radians = false;
        int? firstNumber = null;
        var frames = 0;
        var frameNumber = 0;
        var frameLine = 0;
        var lineNumber = 0;
        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var line = raw.AsSpan().Trim();
            if (line.IsEmpty) continue;
            if (line[0] is '#' or ':')
            {
                if (line.Equals(":RADIANS", StringComparison.OrdinalIgnoreCase)) radians = true;
                else if (line.Equals(":DEGREES", StringComparison.OrdinalIgnoreCase)) radians = false;
                continue;
            }
            if (char.IsDigit(line[0]) && IsInteger(line, out var number))
            {
                if (firstNumber is null) firstNumber = number;
                else FinishFrame();
                if (frames > 0 && number != frameNumber + 1)
                    throw new DataFormatException(source, $"frame {number} follows frame {frameNumber}; frames must be numbered consecutively", lineNumber);
                frameNumber = number;
                frameLine = lineNumber;
                Array.Clear(seenLine);
                continue;
            }
            var nameEnd = line.IndexOfAny(' ', '\t');
            var nameSpan = nameEnd < 0 ? line : line[..nameEnd];
            var bone = skeleton.IndexOf(nameSpan);
            var name = bone >= 0 ? bones[bone].Name : nameSpan.ToString();
            if (firstNumber is null)
                throw new DataFormatException(source, $"bone line '{name}' before the first frame number", lineNumber, name);
            if (bone < 0) throw new DataFormatException(source, $"frame {frameNumber}: the skeleton {skeleton.Source} has no bone '{name}'", lineNumber, name);
            if (seenLine[bone] != 0) throw new DataFormatException(source, $"frame {frameNumber} gives bone '{name}' twice (lines {seenLine[bone]} and {lineNumber})", lineNumber, name);
            seenLine[bone] = lineNumber;
            var dofs = bones[bone].Dofs;
            var n = 0;
            var rest = nameEnd < 0 ? ReadOnlySpan<char>.Empty : line[nameEnd..];
            foreach (var range in rest.SplitAny(' ', '\t'))
            {
                var token = rest[range];
                if (token.IsEmpty) continue;
                if (n < dofs.Length)
                {
                    if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                        throw new DataFormatException(source, $"frame {frameNumber}: value '{token}' of bone '{name}' is not a finite number", lineNumber, $"{name}.{dofs[n]}");
                    var isAngle = dofs[n] is AsfDof.RX or AsfDof.RY or AsfDof.RZ;
                    frame[first[bone] + n] = isAngle && radians ? v * (180.0 / Math.PI) : v;
                }
                n++;
            }
            if (n != dofs.Length)
                throw new DataFormatException(source, $"frame {frameNumber}: bone '{name}' has {n} values; its dofs ({string.Join(" ", dofs)}) need {dofs.Length}", lineNumber, name);
        }
        if (firstNumber is null) throw new DataFormatException(source, "no frames (expected a frame number line such as '1')", lineNumber + 1);
        FinishFrame();
        return new AmcMotion(source, skeleton, firstNumber.Value, frames, [.. values]);

        void FinishFrame()
        {
            var missing = animated.Where(b => seenLine[b] == 0).Select(b => bones[b].Name).ToArray();
            if (missing.Length > 0)
                throw new DataFormatException(source, $"frame {frameNumber} (line {frameLine}) lacks bone{(missing.Length > 1 ? "s" : "")} {string.Join(", ", missing)} (truncated?)", lineNumber, missing[0]);
            values.AddRange(frame);
            frames++;
        }
    }

    private static bool IsInteger(ReadOnlySpan<char> line, out int number) =>
        int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out number);
}
