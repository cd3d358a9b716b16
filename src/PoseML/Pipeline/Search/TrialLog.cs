using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PoseML.Core;
using PoseML.Pipeline.Persistence;

namespace PoseML.Pipeline.Search;

/// <summary>The JSON Lines log of a search: a header line describing the search, then one
/// <see cref="TrialRecord"/> a line. The whole file is rewritten atomically after every trial, so an
/// interruption loses at most the trial that was running and never leaves a torn line; a resumed search
/// reads the records back and skips those trials.</summary>
public sealed class TrialLog
{
    private readonly List<TrialRecord> _records = [];

    private TrialLog(string path, JsonObject header)
    {
        Path = path;
        Header = header;
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>The search description on the first line.</summary>
    public JsonObject Header { get; }

    /// <summary>The records, in trial order.</summary>
    public IReadOnlyList<TrialRecord> Records => _records;

    /// <summary>Starts a new log (refusing to replace an existing file unless <paramref name="resume"/>), or,
    /// with <paramref name="resume"/>, reads the existing one, which must describe the same search.</summary>
    /// <exception cref="InvalidOptionException">The file exists and <paramref name="resume"/> is false, or it
    /// describes another search.</exception>
    /// <exception cref="DataFormatException">A line is not a valid record.</exception>
    public static TrialLog Open(string path, JsonObject header, bool resume)
    {
        var log = new TrialLog(path, header);
        if (!File.Exists(path)) return log;
        if (!resume)
            throw new InvalidOptionException("log", $"'{path}' already exists; resume it (--resume / SweepOptions.Resume) or choose another path");
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length == 0) return log;
        var found = Parse(lines[0], path, 1) as JsonObject;
        if (found?["search"] is not JsonObject foundSearch || !JsonNode.DeepEquals(foundSearch, header["search"]))
            throw new InvalidOptionException("log", $"'{path}' was written by another search ({found?["search"]?.ToJsonString() ?? "no header"}); this search is {header["search"]!.ToJsonString()}");
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            TrialRecord record;
            try
            {
                record = JsonSerializer.Deserialize<TrialRecord>(lines[i], PoseJson.Compact)
                    ?? throw new DataFormatException(path, "null record", i + 1);
            }
            catch (JsonException e)
            {
                throw new DataFormatException(path, $"not a trial record: {e.Message}", i + 1, inner: e);
            }
            if (record.Trial != log._records.Count)
                throw new DataFormatException(path, $"expected trial {log._records.Count}, found {record.Trial}", i + 1, "Trial");
            log._records.Add(record);
        }
        return log;
    }

    /// <summary>Appends a record and rewrites the file atomically.</summary>
    public void Append(TrialRecord record)
    {
        if (record.Trial != _records.Count)
            throw new InvalidOperationException($"expected trial {_records.Count}, got {record.Trial}");
        _records.Add(record);
        AtomicFile.WriteText(Path, w =>
        {
            w.Write(new JsonObject { ["search"] = Header["search"]!.DeepClone() }.ToJsonString(PoseJson.Compact));
            w.Write('\n');
            foreach (var r in _records)
            {
                w.Write(JsonSerializer.Serialize(r, PoseJson.Compact));
                w.Write('\n');
            }
        });
    }

    private static JsonNode? Parse(string line, string path, long number)
    {
        try
        {
            return JsonNode.Parse(line);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, $"not JSON: {e.Message}", number, inner: e);
        }
    }
}
