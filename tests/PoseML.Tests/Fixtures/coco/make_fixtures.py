#!/usr/bin/python3
"""Writes the small COCO keypoint JSON fixtures. Keypoint j of entry k is at x = 10*j + k, y = 100 + j
(+0.5 in results files) so tests can state every value; visibility / score patterns are noted inline.
Run from this folder: /usr/bin/python3 make_fixtures.py"""
import json


def keypoints(k, third, offset=0.0):
    values = []
    for j in range(17):
        values += [10 * j + k + offset, 100 + j + offset, third(j)]
    return values


# Results form: third value is a score. Entry 2 is category 2 (not a person): skipped.
results = [
    {"image_id": 5, "category_id": 1, "keypoints": keypoints(0, lambda j: j / 16, 0.5), "score": 0.9},
    {"image_id": 5, "category_id": 1, "keypoints": keypoints(1, lambda j: 0.5, 0.5), "score": 0.8},
    {"image_id": 6, "category_id": 2, "keypoints": keypoints(2, lambda j: 1.0, 0.5), "score": 0.7},
    {"image_id": 9, "category_id": 1, "keypoints": keypoints(3, lambda j: [-1.0, 2.5, 0.25][j % 3], 0.5), "score": 0.6},
]
with open("results.json", "w") as f:
    json.dump(results, f, indent=1)

# Annotations form: v = j % 3 for entry 0; entry 1 has no labelled keypoint (skipped by default);
# entry 2 is a crowd (skipped by default); entry 3 is fully visible on an image without a file name.
annotations = {
    "images": [{"id": 5, "file_name": "000000000005.jpg"}, {"id": 7, "file_name": "000000000007.jpg"}, {"id": 8}],
    "annotations": [
        {"id": 1, "image_id": 5, "category_id": 1, "iscrowd": 0, "num_keypoints": 11, "keypoints": keypoints(0, lambda j: j % 3)},
        {"id": 2, "image_id": 7, "category_id": 1, "iscrowd": 0, "num_keypoints": 0, "keypoints": [0] * 51},
        {"id": 3, "image_id": 7, "category_id": 1, "iscrowd": 1, "num_keypoints": 17, "keypoints": keypoints(2, lambda j: 2)},
        {"id": 4, "image_id": 8, "category_id": 1, "iscrowd": 0, "num_keypoints": 17, "keypoints": keypoints(3, lambda j: 2)},
    ],
    "categories": [{"id": 1, "name": "person"}],
}
with open("annotations.json", "w") as f:
    json.dump(annotations, f, indent=1)

bad = json.loads(json.dumps(annotations))
bad["annotations"][3]["keypoints"] = bad["annotations"][3]["keypoints"][:50]
with open("bad_keypoint_count.json", "w") as f:
    json.dump(bad, f, indent=1)

bad = json.loads(json.dumps(annotations))
bad["annotations"][0]["keypoints"][3 * 4 + 2] = 3
with open("bad_visibility.json", "w") as f:
    json.dump(bad, f, indent=1)

bad = json.loads(json.dumps(results))
bad[1]["keypoints"][7] = "x"
with open("bad_number.json", "w") as f:
    json.dump(bad, f, indent=1)

with open("truncated.json", "w") as f:
    f.write(json.dumps(results)[:300])
