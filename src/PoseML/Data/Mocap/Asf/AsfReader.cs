using System.Collections.Immutable;
using System.Globalization;
using PoseML.Core;

namespace PoseML.Data.Mocap.Asf;

/// <summary>Reads Acclaim skeleton files (ASF, CMU's native skeleton format): <c>:units</c>,
/// <c>:root</c> (order, axis, position, orientation), <c>:bonedata</c> (begin … end blocks with name,
/// direction, length, axis, dof, limits) and <c>:hierarchy</c>. Lines starting with <c>#</c> are
/// comments; unknown sections and bone keys (e.g. <c>limits</c>, <c>bodymass</c>) are skipped.
/// Errors are <see cref="DataFormatException"/>s naming the file, line and key.</summary>
public static class AsfReader
{
    /// <summary>Reads the ASF file at <paramref name="path"/>.</summary>
    /// <exception cref="DataFormatException">Missing file or malformed content.</exception>
    public static AsfSkeleton Read(string path)
    {
        if (!File.Exists(path)) throw new DataFormatException(path, "file not found; expected an ASF skeleton file");
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Parses ASF text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="DataFormatException">Malformed content.</exception>
    public static AsfSkeleton Parse(TextReader reader, string source)
    {
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return new Parser(source, lines).Parse();
    }

    private sealed class BoneDraft
    {
        public string? Name;
        public Vec3? Direction;
        public double? Length;
        public Vec3 Axis;
        public string AxisOrder = "XYZ";
        public ImmutableArray<AsfDof> Dofs = [];
        public int Line;
    }

    private sealed class Parser(string source, List<string> lines)
    {
        private string _name = "";
        private double _lengthUnit = 1;
        private bool _degrees = true;
        private ImmutableArray<AsfDof> _rootOrder = [AsfDof.TX, AsfDof.TY, AsfDof.TZ, AsfDof.RX, AsfDof.RY, AsfDof.RZ];
        private string _rootAxis = "XYZ";
        private Vec3 _rootPosition;
        private Vec3 _rootOrientation;
        private readonly List<BoneDraft> _bones = [];
        private readonly HashSet<string> _boneNames = new(StringComparer.OrdinalIgnoreCase); // a linear scan made many bones quadratic
        private readonly Dictionary<string, (string Parent, int Line)> _parents = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<string>> _children = new(StringComparer.OrdinalIgnoreCase);
        private bool _sawBones, _sawHierarchy;

        public AsfSkeleton Parse()
        {
            var i = 0;
            while (i < lines.Count)
            {
                var words = Words(i);
                if (words.Length == 0 || words[0].StartsWith('#')) { i++; continue; }
                if (!words[0].StartsWith(':'))
                    throw new DataFormatException(source, $"expected a section keyword such as ':bonedata', found '{words[0]}'", i + 1, words[0]);
                var section = words[0].ToLowerInvariant();
                i++;
                switch (section)
                {
                    case ":name": _name = words.Length > 1 ? string.Join(' ', words[1..]) : ""; break;
                    case ":units": i = ParseUnits(i); break;
                    case ":root": i = ParseRoot(i); break;
                    case ":bonedata": _sawBones = true; i = ParseBones(i); break;
                    case ":hierarchy": _sawHierarchy = true; i = ParseHierarchy(i); break;
                    default: i = SkipSection(i); break; // :version, :documentation, :skin, …
                }
            }
            if (!_sawBones) throw new DataFormatException(source, "no ':bonedata' section; not an ASF skeleton?", lines.Count);
            if (!_sawHierarchy) throw new DataFormatException(source, "no ':hierarchy' section (truncated?)", lines.Count);
            return Build();
        }

        private string[] Words(int i) => lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

        private bool IsSectionStart(int i) => lines[i].TrimStart().StartsWith(':');

        private int SkipSection(int i)
        {
            while (i < lines.Count && !IsSectionStart(i)) i++;
            return i;
        }

        private double Number(string[] words, int index, int line, string key)
        {
            if (index >= words.Length) throw new DataFormatException(source, $"'{key}' needs more values", line + 1, key);
            if (!double.TryParse(words[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                throw new DataFormatException(source, $"expected a finite number, found '{words[index]}'", line + 1, key);
            return v;
        }

        private Vec3 Vector(string[] words, int line) => new(Number(words, 1, line, words[0]), Number(words, 2, line, words[0]), Number(words, 3, line, words[0]));

        private double Angle(double value) => _degrees ? value : value * (180.0 / Math.PI);

        private string Order(string[] words, int index, int line)
        {
            var order = index < words.Length ? words[index].ToUpperInvariant() : "XYZ";
            if (order.Length != 3 || order.Distinct().Count() != 3 || order.Any(c => c is not ('X' or 'Y' or 'Z')))
                throw new DataFormatException(source, $"axis order must be a permutation of XYZ, found '{order}'", line + 1, words[0]);
            return order;
        }

        private int ParseUnits(int i)
        {
            for (; i < lines.Count && !IsSectionStart(i); i++)
            {
                var w = Words(i);
                if (w.Length == 0 || w[0].StartsWith('#')) continue;
                switch (w[0].ToLowerInvariant())
                {
                    case "length":
                        _lengthUnit = Number(w, 1, i, "length");
                        if (!(_lengthUnit > 0)) throw new DataFormatException(source, $"':units length' must be positive, found {w[1]}", i + 1, "length");
                        break;
                    case "angle":
                        var unit = w.Length > 1 ? w[1].ToLowerInvariant() : "";
                        _degrees = unit switch
                        {
                            "deg" or "degree" or "degrees" => true,
                            "rad" or "radian" or "radians" => false,
                            _ => throw new DataFormatException(source, $"':units angle' must be deg or rad, found '{unit}'", i + 1, "angle"),
                        };
                        break;
                }
            }
            return i;
        }

        private int ParseRoot(int i)
        {
            for (; i < lines.Count && !IsSectionStart(i); i++)
            {
                var w = Words(i);
                if (w.Length == 0 || w[0].StartsWith('#')) continue;
                switch (w[0].ToLowerInvariant())
                {
                    case "order": _rootOrder = Dofs(w, i, root: true); break;
                    case "axis": _rootAxis = Order(w, 1, i); break;
                    case "position": _rootPosition = Vector(w, i); break;
                    case "orientation": _rootOrientation = Vector(w, i); break;
                }
            }
            return i;
        }

        private ImmutableArray<AsfDof> Dofs(string[] words, int line, bool root)
        {
            var dofs = ImmutableArray.CreateBuilder<AsfDof>();
            foreach (var word in words.Skip(1))
            {
                AsfDof dof = word.ToLowerInvariant() switch
                {
                    "rx" => AsfDof.RX, "ry" => AsfDof.RY, "rz" => AsfDof.RZ,
                    "tx" when root => AsfDof.TX, "ty" when root => AsfDof.TY, "tz" when root => AsfDof.TZ,
                    _ => throw new DataFormatException(source,
                        $"unsupported degree of freedom '{word}'; expected {(root ? "TX, TY, TZ, RX, RY, RZ" : "rx, ry, rz (bone translation and length dofs are not supported)")}",
                        line + 1, words[0]),
                };
                if (dofs.Contains(dof)) throw new DataFormatException(source, $"degree of freedom '{word}' is listed twice", line + 1, words[0]);
                dofs.Add(dof);
            }
            return dofs.ToImmutable();
        }

        private int ParseBones(int i)
        {
            BoneDraft? bone = null;
            for (; i < lines.Count && !IsSectionStart(i); i++)
            {
                var w = Words(i);
                if (w.Length == 0 || w[0].StartsWith('#')) continue;
                var key = w[0].ToLowerInvariant();
                if (key == "begin")
                {
                    if (bone is not null) throw new DataFormatException(source, $"'begin' inside bone '{bone.Name}' (missing 'end')", i + 1, "begin");
                    bone = new BoneDraft { Line = i + 1 };
                    continue;
                }
                if (bone is null) throw new DataFormatException(source, $"expected 'begin' of a bone, found '{w[0]}'", i + 1, w[0]);
                switch (key)
                {
                    case "end":
                        if (bone.Name is null) throw new DataFormatException(source, "bone has no 'name'", bone.Line, "name");
                        if (bone.Direction is null) throw new DataFormatException(source, $"bone '{bone.Name}' has no 'direction'", bone.Line, "direction");
                        if (bone.Length is null) throw new DataFormatException(source, $"bone '{bone.Name}' has no 'length'", bone.Line, "length");
                        if (bone.Name.Equals("root", StringComparison.OrdinalIgnoreCase) || !_boneNames.Add(bone.Name))
                            throw new DataFormatException(source, $"bone name '{bone.Name}' is used twice (or is 'root')", bone.Line, "name");
                        _bones.Add(bone);
                        bone = null;
                        break;
                    case "name": bone.Name = w.Length > 1 ? w[1] : throw new DataFormatException(source, "'name' needs a value", i + 1, "name"); break;
                    case "direction": bone.Direction = Vector(w, i); break;
                    case "length": bone.Length = Number(w, 1, i, "length"); break;
                    case "axis":
                        var axis = Vector(w, i);
                        bone.Axis = new Vec3(Angle(axis.X), Angle(axis.Y), Angle(axis.Z));
                        bone.AxisOrder = Order(w, 4, i);
                        break;
                    case "dof": bone.Dofs = Dofs(w, i, root: false); break;
                }
            }
            if (bone is not null) throw new DataFormatException(source, $"bone '{bone.Name}' has no 'end' before line {i + 1} (truncated?)", bone.Line, "end");
            return i;
        }

        private int ParseHierarchy(int i)
        {
            var open = false;
            for (; i < lines.Count && !IsSectionStart(i); i++)
            {
                var w = Words(i);
                if (w.Length == 0 || w[0].StartsWith('#')) continue;
                if (w[0].Equals("begin", StringComparison.OrdinalIgnoreCase)) { open = true; continue; }
                if (w[0].Equals("end", StringComparison.OrdinalIgnoreCase)) { open = false; continue; }
                if (!open) throw new DataFormatException(source, $"hierarchy line outside begin … end: '{lines[i].Trim()}'", i + 1, w[0]);
                foreach (var child in w.Skip(1))
                {
                    if (_parents.TryGetValue(child, out var previous))
                        throw new DataFormatException(source, $"bone '{child}' has two parents ('{previous.Parent}' on line {previous.Line} and '{w[0]}')", i + 1, child);
                    _parents[child] = (w[0], i + 1);
                    if (!_children.TryGetValue(w[0], out var list)) _children[w[0]] = list = [];
                    list.Add(child);
                }
            }
            if (open) throw new DataFormatException(source, "':hierarchy' has no 'end' (truncated?)", i, "end");
            return i;
        }

        private AsfSkeleton Build()
        {
            var drafts = _bones.ToDictionary(b => b.Name!, StringComparer.OrdinalIgnoreCase);
            foreach (var (child, (parent, line)) in _parents)
            {
                if (!drafts.ContainsKey(child)) throw new DataFormatException(source, $"hierarchy names bone '{child}', which ':bonedata' does not define", line, child);
                if (!parent.Equals("root", StringComparison.OrdinalIgnoreCase) && !drafts.ContainsKey(parent))
                    throw new DataFormatException(source, $"hierarchy names bone '{parent}', which ':bonedata' does not define", line, parent);
            }
            var bones = ImmutableArray.CreateBuilder<AsfBone>(_bones.Count + 1);
            var orientation = new Vec3(Angle(_rootOrientation.X), Angle(_rootOrientation.Y), Angle(_rootOrientation.Z));
            bones.Add(new AsfBone("root", -1, Vec3.Zero, 0, orientation, _rootAxis, _rootOrder, 0));
            var stack = new Stack<(string Name, int Parent)>();
            PushChildren("root", 0);
            while (stack.Count > 0)
            {
                var (name, parent) = stack.Pop();
                var d = drafts[name];
                bones.Add(new AsfBone(d.Name!, parent, d.Direction!.Value, d.Length!.Value, d.Axis, d.AxisOrder, d.Dofs, d.Line));
                PushChildren(name, bones.Count - 1);
            }
            foreach (var d in _bones)
            {
                if (!_parents.ContainsKey(d.Name!))
                    throw new DataFormatException(source, $"bone '{d.Name}' is not connected to the root in ':hierarchy'", d.Line, d.Name);
            }
            if (bones.Count != _bones.Count + 1)
                throw new DataFormatException(source, "':hierarchy' has a cycle or bones unreachable from the root", lines.Count);
            return new AsfSkeleton(source, _name, _lengthUnit, _degrees, _rootPosition, bones.ToImmutable());

            void PushChildren(string name, int index)
            {
                if (!_children.TryGetValue(name, out var kids)) return;
                for (var k = kids.Count - 1; k >= 0; k--) stack.Push((kids[k], index));
            }
        }
    }
}
