// The words a generated call history is made of: callers, places, the advertiser's tracking numbers and ads,
// web attribution and transcript phrases. Lists are ordered roughly from common to rare, since the generator
// draws from them with a skew, as real name and word frequencies are.

export const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William',
  'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen', 'Charles', 'Lisa',
  'Daniel', 'Nancy', 'Matthew', 'Betty', 'Anthony', 'Sandra', 'Mark', 'Margaret', 'Donald', 'Ashley', 'Steven',
  'Kimberly', 'Andrew', 'Emily', 'Paul', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian',
  'Melissa', 'Timothy', 'Deborah', 'Ronald', 'Stephanie', 'George', 'Rebecca', 'Jason', 'Sharon', 'Edward', 'Laura',
  'Jeffrey', 'Cynthia', 'Ryan', 'Dorothy', 'Jacob', 'Amy', 'Nicholas', 'Kathleen', 'Gary', 'Angela', 'Eric', 'Shirley',
  'Jonathan', 'Emma', 'Stephen', 'Brenda', 'Larry', 'Pamela', 'Justin', 'Nicole', 'Scott', 'Anna', 'Brandon',
  'Samantha', 'Benjamin', 'Katherine', 'Samuel', 'Christine', 'Gregory', 'Debra', 'Alexander', 'Rachel', 'Patrick',
  'Carolyn', 'Frank', 'Janet', 'Raymond', 'Maria', 'Jack', 'Olivia', 'Dennis', 'Heather', 'Jerry', 'Helen', 'Tyler',
  'Catherine', 'Aaron', 'Diane', 'Jose', 'Julie', 'Adam', 'Victoria', 'Nathan', 'Joyce', 'Henry', 'Lauren', 'Zachary',
  'Kelly', 'Douglas', 'Christina', 'Peter', 'Ruth', 'Kyle', 'Joan', 'Noah', 'Virginia', 'Ethan', 'Judith', 'Jeremy',
  'Evelyn', 'Christian', 'Hannah', 'Walter', 'Andrea', 'Keith', 'Megan', 'Austin', 'Cheryl', 'Roger', 'Jacqueline',
  'Terry', 'Madison', 'Sean', 'Teresa', 'Gerald', 'Abigail', 'Carl', 'Sophia', 'Dylan', 'Martha', 'Harold', 'Sara',
  'Jordan', 'Gloria', 'Jesse', 'Janice', 'Bryan', 'Kathryn', 'Lawrence', 'Ann', 'Arthur', 'Isabella', 'Gabriel',
  'Judy', 'Bruce', 'Charlotte', 'Logan', 'Julia', 'Billy', 'Grace', 'Joe', 'Amber', 'Alan', 'Alice', 'Juan', 'Jean',
  'Elijah', 'Denise', 'Willie', 'Frances', 'Albert', 'Danielle', 'Wayne', 'Marilyn', 'Randy', 'Natalie', 'Mason',
  'Beverly', 'Vincent', 'Diana', 'Liam', 'Brittany', 'Roy', 'Theresa', 'Bobby', 'Kayla', 'Caleb', 'Alexis', 'Bradley',
  'Doris', 'Russell', 'Lori', 'Lucas', 'Tiffany', 'Priya', 'Wei', 'Aiden', 'Mei', 'Omar', 'Fatima', 'Raj', 'Yuki',
  'Chidi', 'Ngozi', 'Mateo', 'Sofia', 'Dmitri', 'Anya', 'Kwame', 'Aisha', 'Hiroshi', 'Ingrid', 'Lars', 'Siobhan',
];

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee',
  'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young',
  'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker',
  'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz',
  'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers',
  'Gutierrez', 'Ortiz', 'Morgan', 'Cooper', 'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox',
  'Ward', 'Richardson', 'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz',
  'Hughes', 'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez',
  'Powell', 'Jenkins', 'Perry', 'Russell', 'Sullivan', 'Bell', 'Coleman', 'Butler', 'Henderson', 'Barnes',
  'Gonzales', 'Fisher', 'Vasquez', 'Simmons', 'Romero', 'Jordan', 'Patterson', 'Alexander', 'Hamilton', 'Graham',
  'Reynolds', 'Griffin', 'Wallace', 'Moreno', 'West', 'Cole', 'Hayes', 'Bryant', 'Herrera', 'Gibson', 'Ellis',
  'Tran', 'Medina', 'Aguilar', 'Stevens', 'Murray', 'Ford', 'Castro', 'Marshall', 'Owens', 'Harrison', 'Fernandez',
  'McDonald', 'Woods', 'Washington', 'Kennedy', 'Wells', 'Vargas', 'Henry', 'Chen', 'Freeman', 'Webb', 'Tucker',
  'Guzman', 'Burns', 'Crawford', 'Olson', 'Simpson', 'Porter', 'Hunter', 'Gordon', 'Mendez', 'Silva', 'Shaw',
  'Snyder', 'Mason', 'Dixon', 'Munoz', 'Hunt', 'Hicks', 'Holmes', 'Palmer', 'Wagner', 'Black', 'Robertson', 'Boyd',
  'Rose', 'Stone', 'Salazar', 'Fox', 'Warren', 'Mills', 'Meyer', 'Rice', 'Schmidt', 'Garza', 'Daniels', 'Ferguson',
  'Nichols', 'Stephens', 'Soto', 'Weaver', 'Ryan', 'Gardner', 'Payne', 'Grant', 'Dunn', 'Kelley', 'Spencer',
  'Hawkins', 'Arnold', 'Pierce', 'Vazquez', 'Hansen', 'Peters', 'Santos', 'Hart', 'Bradley', 'Knight', 'Elliott',
  'Cunningham', 'Duncan', 'Armstrong', 'Hudson', 'Carroll', 'Lane', 'Riley', 'Andrews', 'Alvarado', 'Ray',
  'Delgado', 'Berry', 'Perkins', 'Hoffman', 'Johnston', 'Matthews', 'Pena', 'Richards', 'Contreras', 'Willis',
  'Carpenter', 'Lawrence', 'Sandoval', 'Guerrero', 'George', 'Chapman', 'Rios', 'Estrada', 'Ortega', 'Watkins',
  'Greene', 'Nunez', 'Wheeler', 'Valdez', 'Harper', 'Burke', 'Larson', 'Santiago', 'Maldonado', 'Morrison',
  'Franklin', 'Carlson', 'Austin', 'Dominguez', 'Carr', 'Lawson', 'Jacobs', "O'Brien", 'Lynch', 'Singh', 'Vega',
  'Bishop', 'Montgomery', 'Oliver', 'Jensen', 'Harvey', 'Williamson', 'Gilbert', 'Dean', 'Sims', 'Espinoza',
  'Howell', 'Li', 'Wong', 'Reid', 'Hanson', 'Le', 'McCoy', 'Garrett', 'Burton', 'Fuller', 'Wang', 'Weber', 'Welch',
  'Rojas', 'Lucas', 'Marquez', 'Fields', 'Park', 'Yang', 'Little', 'Banks', 'Padilla', 'Day', 'Walsh', 'Bowman',
  'Schultz', 'Luna', 'Fowler', 'Mejia', 'Davidson', 'Acosta', 'Brewer', 'May', 'Holland', 'Juarez', 'Newman',
  'Pearson', 'Curtis', 'Cortez', 'Douglas', 'Schneider', 'Joseph', 'Barrett', 'Navarro', 'Figueroa', 'Keller',
  'Avila', 'Wade', 'Molina', 'Stanley', 'Hopkins', 'Campos', 'Barnett', 'Bates', 'Chambers', 'Caldwell', 'Beck',
  'Lambert', 'Miranda', 'Byrd', 'Craig', 'Ayala', 'Lowe', 'Frazier', 'Powers', 'Neal', 'Leonard', 'Gregory',
  'Carrillo', 'Sutton', 'Fleming', 'Rhodes', 'Shelton', 'Schwartz', 'Norris', 'Jennings', 'Watts', 'Duran',
  'Walters', 'Cohen', 'McDaniel', 'Moran', 'Parks', 'Steele', 'Vaughn', 'Becker', 'Holt', 'Deleon', 'Barker',
  'Terry', 'Hale', 'Leon', 'Hail', 'Benson', 'Haynes', 'Horton', 'Miles', 'Lyons', 'Pham', 'Graves', 'Bush',
  'Thornton', 'Wolfe', 'Warner', 'Cabrera', 'McKinney', 'Mann', 'Zimmerman', 'Dawson', 'Lara', 'Fletcher', 'Page',
  'McCarthy', 'Love', 'Robles', 'Cervantes', 'Solis', 'Erickson', 'Reeves', 'Chang', 'Klein', 'Salinas', 'Fuentes',
  'Baldwin', 'Daniel', 'Simon', 'Velasquez', 'Hardy', 'Higgins', 'Aguirre', 'Lin', 'Cummings', 'Chandler', 'Sharp',
  'Barber', 'Bowen', 'Ochoa', 'Dennis', 'Robbins', 'Liu', 'Ramsey', 'Francis', 'Griffith', 'Paul', 'Blair',
  "O'Connor", 'Cardenas', 'Pacheco', 'Cross', 'Calderon', 'Quinn', 'Moss', 'Swanson', 'Chan', 'Rivas', 'Khan',
  'Rodgers', 'Serrano', 'Fitzgerald', 'Rosales', 'Stevenson', 'Christensen', 'Manning', 'Gill', 'Curry', 'McLaughlin',
  'Harmon', 'McGee', 'Gross', 'Doyle', 'Garner', 'Newton', 'Burgess', 'Reese', 'Walton', 'Blake', 'Trujillo',
  'Adkins', 'Brady', 'Goodman', 'Roman', 'Webster', 'Goodwin', 'Fischer', 'Huang', 'Potter', 'Delacruz', 'Montoya',
  'Todd', 'Wu', 'Hines', 'Mullins', 'Castaneda', 'Malone', 'Cannon', 'Tate', 'Mack', 'Sherman', 'Hubbard', 'Hodges',
  'Okafor', 'Adeyemi', 'Kowalski', 'Novak', 'Lindqvist', 'Tanaka', 'Yamamoto', 'Nakamura', 'Gupta', 'Sharma',
  'Iyer', 'Haddad', 'Nasser', 'Petrov', 'Ivanova', 'Kaur', 'Dubois', 'Lefebvre', 'Tremblay', 'Gagnon', 'Bouchard',
  'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagne', 'Ouellet', 'Pelletier', 'Belanger', 'Levesque', 'Bergeron',
];

/** Caller-ID placeholders some carriers send instead of a name (the normaliser treats them as no name). */
export const PLACEHOLDER_NAMES = ['WIRELESS CALLER', 'TOLL FREE CALL', 'UNKNOWN', 'PRIVATE CALLER', 'CELL PHONE'];

export interface Place {
  city: string;
  state: string;
  areaCodes: readonly string[];
}

export interface Market {
  name: string;
  /** The account's TimeZone as the vendor spells it. */
  zone: string;
  places: readonly Place[];
}

const p = (city: string, state: string, ...areaCodes: string[]): Place => ({ city, state, areaCodes });

/** Where the advertiser has locations; callers mostly come from the market's own places. */
export const MARKETS: readonly Market[] = [
  {
    name: 'Toronto',
    zone: 'Eastern',
    places: [
      p('Toronto', 'ON', '416', '647', '437'), p('Mississauga', 'ON', '905', '289'), p('Brampton', 'ON', '905', '289'),
      p('Oakville', 'ON', '905', '289'), p('Markham', 'ON', '905', '289'), p('Vaughan', 'ON', '905', '289'),
      p('Hamilton', 'ON', '905', '289'), p('Burlington', 'ON', '905', '289'), p('Oshawa', 'ON', '905', '289'),
      p('Richmond Hill', 'ON', '905', '289'), p('Pickering', 'ON', '905'), p('Milton', 'ON', '905'),
    ],
  },
  {
    name: 'Detroit',
    zone: 'Eastern',
    places: [
      p('Detroit', 'MI', '313'), p('Lansing', 'MI', '517'), p('Ann Arbor', 'MI', '734'), p('Dearborn', 'MI', '313'),
      p('Warren', 'MI', '586'), p('Sterling Heights', 'MI', '586'), p('Troy', 'MI', '248'), p('Flint', 'MI', '810'),
      p('Novi', 'MI', '248'), p('Royal Oak', 'MI', '248'), p('Livonia', 'MI', '734'), p('Pontiac', 'MI', '248'),
    ],
  },
  {
    name: 'Chicago',
    zone: 'Central',
    places: [
      p('Chicago', 'IL', '312', '773', '872'), p('Evanston', 'IL', '847'), p('Naperville', 'IL', '630', '331'),
      p('Aurora', 'IL', '630', '331'), p('Joliet', 'IL', '815', '779'), p('Schaumburg', 'IL', '847', '224'),
      p('Oak Park', 'IL', '708'), p('Skokie', 'IL', '847'), p('Elgin', 'IL', '847', '224'), p('Cicero', 'IL', '708'),
    ],
  },
  {
    name: 'Dallas',
    zone: 'Central',
    places: [
      p('Dallas', 'TX', '214', '469', '972'), p('Fort Worth', 'TX', '817', '682'), p('Arlington', 'TX', '817', '682'),
      p('Plano', 'TX', '972', '469'), p('Irving', 'TX', '972'), p('Garland', 'TX', '972'), p('Frisco', 'TX', '469', '972'),
      p('McKinney', 'TX', '469', '972'), p('Denton', 'TX', '940'), p('Mesquite', 'TX', '972'),
    ],
  },
  {
    name: 'Denver',
    zone: 'Mountain',
    places: [
      p('Denver', 'CO', '303', '720'), p('Aurora', 'CO', '303', '720'), p('Lakewood', 'CO', '303', '720'),
      p('Boulder', 'CO', '303', '720'), p('Littleton', 'CO', '303', '720'), p('Arvada', 'CO', '303', '720'),
      p('Westminster', 'CO', '303', '720'), p('Thornton', 'CO', '303', '720'), p('Colorado Springs', 'CO', '719'),
    ],
  },
  {
    name: 'Phoenix',
    zone: 'US Mountain Standard Time',
    places: [
      p('Phoenix', 'AZ', '602', '480', '623'), p('Mesa', 'AZ', '480'), p('Scottsdale', 'AZ', '480'),
      p('Chandler', 'AZ', '480'), p('Tempe', 'AZ', '480'), p('Glendale', 'AZ', '623'), p('Gilbert', 'AZ', '480'),
      p('Peoria', 'AZ', '623'),
    ],
  },
  {
    name: 'Seattle',
    zone: 'Pacific',
    places: [
      p('Seattle', 'WA', '206'), p('Bellevue', 'WA', '425'), p('Tacoma', 'WA', '253'), p('Redmond', 'WA', '425'),
      p('Kent', 'WA', '253'), p('Everett', 'WA', '425'), p('Renton', 'WA', '425'), p('Kirkland', 'WA', '425'),
    ],
  },
  {
    name: 'San Diego',
    zone: 'Pacific',
    places: [
      p('San Diego', 'CA', '619', '858'), p('Chula Vista', 'CA', '619'), p('Oceanside', 'CA', '760'),
      p('Escondido', 'CA', '760'), p('Carlsbad', 'CA', '760'), p('El Cajon', 'CA', '619'), p('La Mesa', 'CA', '619'),
    ],
  },
  {
    name: 'Vancouver',
    zone: 'Pacific',
    places: [
      p('Vancouver', 'BC', '604', '778'), p('Surrey', 'BC', '604', '778'), p('Burnaby', 'BC', '604', '778'),
      p('Richmond', 'BC', '604', '778'), p('Coquitlam', 'BC', '604', '778'), p('Langley', 'BC', '604', '778'),
    ],
  },
];

/** The advertiser's ad campaigns; each owns a few tracking numbers. */
export const ADS = [
  'Google Ads - Furnace Repair', 'Google Ads - AC Installation', 'Google Ads - Water Heaters', 'Google Ads - Emergency',
  'Bing Ads - Heating', 'Facebook - Spring Tune-Up', 'Facebook - Financing Offer', 'Yelp Listing', 'Google Business Profile',
  'Website Header', 'Website Contact Page', 'Direct Mail - Fall Flyer', 'Radio - Morning Drive', 'Billboard - Highway',
  'Truck Wrap', 'Home Show Booth', 'Angi Leads', 'HomeAdvisor', 'Nextdoor Sponsored', 'Email Newsletter',
];

export const ADVERTISERS = ['Always Comfort Heating & Cooling', 'Always Avacado DNI Demo', 'Northern Air Services'];

export const RULES = [
  'Global Replacement - Toll Free', 'Paid Search - google.com', 'Paid Search - bing.com', 'Organic Search - google.com',
  'Social - facebook.com', 'Directory - yelp.com', 'Direct Traffic', 'Referral - nextdoor.com',
];

export interface WebSource {
  source: string;
  medium: string;
  referrer: string;
  campaigns: readonly string[];
  terms: readonly string[];
}

export const WEB_SOURCES: readonly WebSource[] = [
  {
    source: 'google', medium: 'cpc', referrer: 'https://www.google.com/',
    campaigns: ['furnace_repair', 'ac_install', 'water_heater', 'emergency_24h', 'brand', 'heat_pump', 'duct_cleaning'],
    terms: ['furnace repair near me', 'ac installation', 'hvac company', 'water heater replacement', 'emergency plumber', 'heat pump cost', 'furnace not working'],
  },
  {
    source: 'google', medium: 'organic', referrer: 'https://www.google.com/',
    campaigns: [], terms: [],
  },
  {
    source: 'bing', medium: 'cpc', referrer: 'https://www.bing.com/',
    campaigns: ['heating_search', 'cooling_search', 'brand'],
    terms: ['furnace repair', 'air conditioner service', 'boiler repair'],
  },
  {
    source: 'facebook', medium: 'social', referrer: 'https://m.facebook.com/',
    campaigns: ['spring_tuneup', 'financing_0pct', 'fall_maintenance', 'referral_bonus'],
    terms: [],
  },
  {
    source: 'yelp', medium: 'referral', referrer: 'https://www.yelp.com/biz/always-comfort',
    campaigns: ['yelp_ads'], terms: [],
  },
  {
    source: 'newsletter', medium: 'email', referrer: '',
    campaigns: ['monthly_tips', 'winter_prep', 'summer_ready'], terms: [],
  },
];

export const REFERRERS = [
  'https://www.google.com/', 'https://duckduckgo.com/', 'https://www.yelp.com/', 'https://nextdoor.com/',
  'https://www.bbb.org/', 'https://www.homestars.com/', 'https://www.angi.com/', 'https://maps.apple.com/',
];

export const LANDING_PAGES = [
  'https://alwayscomfort.example/', 'https://alwayscomfort.example/furnace-repair', 'https://alwayscomfort.example/air-conditioning',
  'https://alwayscomfort.example/water-heaters', 'https://alwayscomfort.example/financing', 'https://alwayscomfort.example/contact',
  'https://alwayscomfort.example/emergency-service', 'https://alwayscomfort.example/heat-pumps',
];

export const USER_AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
];

/** What callers call about: the words a person later searches transcripts for. */
export const TOPICS = [
  'furnace', 'air conditioner', 'water heater', 'thermostat', 'heat pump', 'boiler', 'ductwork', 'humidifier',
  'compressor', 'condenser', 'radiator', 'sump pump', 'drain', 'dehumidifier', 'vents', 'tankless heater',
  'baseboard heater', 'fireplace', 'chimney', 'air purifier',
];

/** The business side of a call. */
export const MATTERS = [
  'estimate', 'warranty', 'financing', 'rebate', 'tune-up', 'membership', 'invoice', 'refund', 'appointment', 'quote',
];

export const SYMPTOMS = [
  'is not turning on', 'is making a loud banging noise', 'is blowing cold air', 'keeps shutting off', 'is leaking water',
  'smells like gas', 'stopped working last night', 'is running all the time', 'is short cycling', 'shows an error code',
  'is way too old', 'is rattling', 'will not stay lit', 'is frozen up', 'is dripping',
];

export const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'tomorrow', 'today', 'next week'];

export const TIMES = ['morning', 'afternoon', 'between eight and ten', 'after two', 'around noon', 'first thing', 'late afternoon'];

export const STREETS = [
  'Marine Drive', 'Maple Avenue', 'Oak Street', 'Lakeshore Road', 'King Street', 'Queen Street', 'Elm Street', 'Main Street',
  'Cedar Lane', 'Birch Crescent', 'Park Avenue', 'Highland Road', 'Victoria Street', 'Dundas Street', 'Pine Ridge Drive',
];

export const VOICEMAIL_LINES = [
  'Hi, this is {first} calling about my {topic}, it {symptom}. Please call me back at {number}. Thanks.',
  'Hello, {first} {last} here. I wanted to book a {topic} {day} if you have anything. My number is {number}.',
  'Hi, returning your call about the {topic} {matter}. You can reach me {time}. This is {first}.',
];

export const CALLER_LINES = [
  'Hi, I saw your ad about {topic} service and wanted to get someone out.',
  'Hi there, my {topic} {symptom} and I need someone to take a look.',
  'Yes hello, I am calling because the {topic} {symptom}.',
  'I had a technician out last month for the {topic} and it {symptom} again.',
  'Do you do {topic} repair in {city}?',
  'I wanted to ask about {topic} pricing and whether there is any {matter}.',
  'I got your flyer about the {topic} {matter}, is that still going?',
  'Our {topic} is about fifteen years old and it {symptom}.',
  'Can I get a {matter} for a new {topic}?',
  'My neighbour on {street} recommended you for {topic} work.',
];

export const AGENT_LINES = [
  'Thanks for calling Always Comfort, this is {agent}, how can I help you today?',
  'Sure, I can help with that. Can I get your address please?',
  'Okay, and is that {number}, the number you are calling from?',
  'We have a technician in {city} {day}, would the {time} work for you?',
  'Perfect, I have you booked for {day} {time}. The service call is eighty nine dollars.',
  'The technician will call about thirty minutes before arriving.',
  'We do offer financing on new {topic} installs, I can send you the details by email.',
  'Is there anything else I can help you with?',
  'I am sorry to hear that, we will make it right. Let me check your {matter}.',
  'Our membership plan covers the annual {topic} tune-up and priority service.',
];

export const CALLER_REPLIES = [
  'It is {house} {street} in {city}.',
  'Yes that is the best number to reach me.',
  '{day} {time} works.',
  'Okay great, thank you.',
  'How much would that cost roughly?',
  'That sounds good, go ahead and book it.',
  'No, that is everything, thanks so much.',
  'Can the technician bring a part for the {topic}?',
  'Do I need to sign anything for the {matter}?',
];

export const AGENT_NAMES = ['Sarah', 'Mike', 'Priya', 'Dave', 'Lucia', 'Tom', 'Aisha', 'Kevin', 'Megan', 'Jorge'];
