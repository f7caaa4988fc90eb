// The Canadian provinces and territories and the US states, by code and full name: a caller ID made of a
// city and one of these is the carrier naming a place, not a person.

const REGIONS: readonly (readonly [code: string, ...names: string[]])[] = [
  ['AB', 'ALBERTA'],
  ['BC', 'BRITISH COLUMBIA'],
  ['MB', 'MANITOBA'],
  ['NB', 'NEW BRUNSWICK'],
  ['NL', 'NEWFOUNDLAND AND LABRADOR', 'NEWFOUNDLAND', 'NEWFOUNDLAND & LABRADOR'],
  ['NF', 'NEWFOUNDLAND'],
  ['NS', 'NOVA SCOTIA'],
  ['NT', 'NORTHWEST TERRITORIES'],
  ['NU', 'NUNAVUT'],
  ['ON', 'ONTARIO'],
  ['PE', 'PRINCE EDWARD ISLAND'],
  ['PEI', 'PRINCE EDWARD ISLAND'],
  ['QC', 'QUEBEC', 'QUÉBEC'],
  ['PQ', 'QUEBEC'],
  ['SK', 'SASKATCHEWAN'],
  ['YT', 'YUKON'],
  ['AL', 'ALABAMA'],
  ['AK', 'ALASKA'],
  ['AZ', 'ARIZONA'],
  ['AR', 'ARKANSAS'],
  ['CA', 'CALIFORNIA'],
  ['CO', 'COLORADO'],
  ['CT', 'CONNECTICUT'],
  ['DE', 'DELAWARE'],
  ['DC', 'DISTRICT OF COLUMBIA', 'WASHINGTON DC'],
  ['FL', 'FLORIDA'],
  ['GA', 'GEORGIA'],
  ['HI', 'HAWAII'],
  ['ID', 'IDAHO'],
  ['IL', 'ILLINOIS'],
  ['IN', 'INDIANA'],
  ['IA', 'IOWA'],
  ['KS', 'KANSAS'],
  ['KY', 'KENTUCKY'],
  ['LA', 'LOUISIANA'],
  ['ME', 'MAINE'],
  ['MD', 'MARYLAND'],
  ['MA', 'MASSACHUSETTS'],
  ['MI', 'MICHIGAN'],
  ['MN', 'MINNESOTA'],
  ['MS', 'MISSISSIPPI'],
  ['MO', 'MISSOURI'],
  ['MT', 'MONTANA'],
  ['NE', 'NEBRASKA'],
  ['NV', 'NEVADA'],
  ['NH', 'NEW HAMPSHIRE'],
  ['NJ', 'NEW JERSEY'],
  ['NM', 'NEW MEXICO'],
  ['NY', 'NEW YORK'],
  ['NC', 'NORTH CAROLINA'],
  ['ND', 'NORTH DAKOTA'],
  ['OH', 'OHIO'],
  ['OK', 'OKLAHOMA'],
  ['OR', 'OREGON'],
  ['PA', 'PENNSYLVANIA'],
  ['RI', 'RHODE ISLAND'],
  ['SC', 'SOUTH CAROLINA'],
  ['SD', 'SOUTH DAKOTA'],
  ['TN', 'TENNESSEE'],
  ['TX', 'TEXAS'],
  ['UT', 'UTAH'],
  ['VT', 'VERMONT'],
  ['VA', 'VIRGINIA'],
  ['WA', 'WASHINGTON'],
  ['WV', 'WEST VIRGINIA'],
  ['WI', 'WISCONSIN'],
  ['WY', 'WYOMING'],
  ['PR', 'PUERTO RICO'],
];

/** Upper-case code → the region's codes and names, and every name → the same; "ON" and "ONTARIO" are one region. */
const BY_KEY = new Map<string, string>();
for (const [code, ...names] of REGIONS) {
  BY_KEY.set(code, code);
  for (const name of names) if (!BY_KEY.has(name)) BY_KEY.set(name, code);
}

/** The region's code for a province/state code or full name in capitals ("ONTARIO" → "ON"); undefined for anything else. */
export function regionCode(upper: string): string | undefined {
  return BY_KEY.get(upper);
}
